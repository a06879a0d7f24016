#!/usr/bin/env python3
"""Generates the labelled privacy-scanner corpus (cases.jsonl) deterministically.

Run from anywhere:  python3 tests/privacy-corpus/generate.py

Every check digit is computed here, never typed by hand.  Every case is then
re-scanned by a small reference scanner written from the labelling rules in
README.md, under several interpretations of the points the rules leave open
(context-word case and word boundaries, a context window of 11/12/13 scalars,
maximal vs. partial digit groups, greedy vs. lazy filler, full-width
passwords, ASCII context words glued to their value).  The script refuses to
write the corpus unless every interpretation reports exactly the labelled
entities, so no case depends on one of those readings.
"""

import datetime
import functools
import itertools
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------------------
# Dictionaries (also written to names.txt / client_ids.txt)
# ---------------------------------------------------------------------------

CN_NAMES = [
    "张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵敏", "黄磊", "周婷", "吴昊",
    "徐丽", "孙浩", "马俊", "朱琳", "胡斌", "郭涛", "何静怡", "林晓峰", "罗凯", "高雅琴",
    "郑志强", "梁雪", "宋佳宁", "欧阳明华", "司马文博",
]
EN_NAMES = [
    "John Smith", "Mary Johnson", "David Brown", "Sarah Williams", "Michael Lee",
    "Emily Davis", "James Wilson", "Linda Martinez", "Robert Taylor", "Jennifer Clark",
]
CLIENT_IDS = [
    "KH2024000123", "KH2023001876", "KH2022104455", "KH2024100987", "KH2021000456",
    "KH2024031502", "KH2020117733", "C00981234", "C00456712", "C01230987",
    "C00077321", "C02468135", "C03300918", "VIP20240088", "VIP20231275",
    "ZQ2024050001", "ZQ2023120417", "PB2023007788", "FA00012345", "JG2024000031",
]

# ---------------------------------------------------------------------------
# Validators (straight from the labelling rules)
# ---------------------------------------------------------------------------

PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43,
             44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82}
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"
DATE_MIN = datetime.date(1900, 1, 1)
DATE_MAX = datetime.date(2026, 11, 29)


def real_date(y, m, d):
    try:
        dt = datetime.date(y, m, d)
    except ValueError:
        return False
    return DATE_MIN <= dt <= DATE_MAX


def id_check_char(body17):
    return ID_CHECK[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS)) % 11]


def valid_id18(s):
    if not re.fullmatch(r"\d{17}[\dXx]", s):
        return False
    if int(s[:2]) not in PROVINCES:
        return False
    if not real_date(int(s[6:10]), int(s[10:12]), int(s[12:14])):
        return False
    return id_check_char(s[:17]) == s[17].upper()


def valid_id15(s):
    if not re.fullmatch(r"\d{15}", s):
        return False
    if int(s[:2]) not in PROVINCES:
        return False
    return real_date(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12]))


def luhn_ok(digits):
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_digit(body):
    for d in "0123456789":
        if luhn_ok(body + d):
            return d
    raise AssertionError


def valid_bank(digits):
    if not re.fullmatch(r"\d{13,19}", digits) or not luhn_ok(digits):
        return False
    if digits[0] in "3456":
        return True
    return len(digits) == 16 and 2221 <= int(digits[:4]) <= 2720


USCC_ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc_check_char(body17):
    t = sum(USCC_ALPHA.index(c) * w for c, w in zip(body17, USCC_WEIGHTS))
    return USCC_ALPHA[(31 - t % 31) % 31]


def valid_uscc(s):
    if len(s) != 18 or any(c not in USCC_ALPHA for c in s):
        return False
    return uscc_check_char(s[:17]) == s[17]


def valid_iban(s):
    s = s.replace(" ", "")
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", s):
        return False
    r = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in r)) % 97 == 1


def iban_check_digits(country, bban):
    r = bban + country + "00"
    n = int("".join(str(int(c, 36)) for c in r))
    return "%02d" % (98 - n % 97)


PASSPORT_RE = re.compile(r"E\d{8}|E[A-HJ-NP-Z]\d{7}|G\d{8}")
MOBILE_RE = re.compile(r"1[3-9]\d{9}")


def valid_passport(s):
    return PASSPORT_RE.fullmatch(s) is not None


def valid_ipv4(s):
    parts = s.split(".")
    return len(parts) == 4 and all(
        re.fullmatch(r"0|[1-9]\d{0,2}", p) and int(p) <= 255 for p in parts)


def valid_ipv6(s):
    hexg = r"[0-9A-Fa-f]{1,4}"
    if s.count("::") > 1:
        return False
    if "::" in s:
        left, right = s.split("::")
        lg = left.split(":") if left else []
        rg = right.split(":") if right else []
        return all(re.fullmatch(hexg, g) for g in lg + rg) and len(lg) + len(rg) <= 7
    g = s.split(":")
    return len(g) == 8 and all(re.fullmatch(hexg, x) for x in g)


# ---------------------------------------------------------------------------
# Value builders (check digits computed, never typed)
# ---------------------------------------------------------------------------

def ambiguous_digits(s):
    """True if an all-digit value would also validate as another digit type."""
    if not s.isdigit():
        return False
    return (valid_bank(s) or valid_id18(s) or valid_id15(s)
            or MOBILE_RE.fullmatch(s) is not None)


def id18(area, date, seq):
    """Valid 18-digit ID; the sequence number is bumped until the value is not
    also a Luhn-valid bank card or a valid USCC (an ambiguous label)."""
    n = int(seq)
    while True:
        v = area + date + "%03d" % n
        v += id_check_char(v)
        if not valid_bank(v) and not valid_uscc(v):
            break
        n += 1
    assert valid_id18(v) and not valid_uscc(v), v
    return v


def id18x(area, date):
    for n in range(1, 1000):
        body = area + date + "%03d" % n
        if id_check_char(body) == "X":
            assert valid_id18(body + "X")
            return body + "X"
    raise AssertionError


def id15(area, yymmdd, seq):
    n = int(seq)
    while True:
        v = area + yymmdd + "%03d" % n
        if not valid_bank(v):
            break
        n += 1
    assert valid_id15(v), v
    return v


def card(body):
    v = body + luhn_digit(body)
    assert valid_bank(v), v
    assert not valid_id18(v) and not valid_id15(v), v
    return v


def bad_card(body):
    """A card-shaped number whose Luhn digit is wrong."""
    v = body + str((int(luhn_digit(body)) + 1) % 10)
    assert not luhn_ok(v) and not valid_bank(v), v
    return v


def grouped(s, sep=" ", size=4):
    return sep.join(s[i:i + size] for i in range(0, len(s), size))


def uscc(body17):
    v = body17 + uscc_check_char(body17)
    assert valid_uscc(v), v
    assert not ambiguous_digits(v) and not valid_id18(v), v
    return v


def bad_uscc(body17):
    good = uscc_check_char(body17)
    wrong = USCC_ALPHA[(USCC_ALPHA.index(good) + 7) % 31]
    v = body17 + wrong
    assert not valid_uscc(v), v
    return v


def iban(country, bban):
    v = country + iban_check_digits(country, bban) + bban
    assert valid_iban(v), v
    return v


def bad_iban(v):
    compact = v.replace(" ", "")
    cd = int(compact[2:4])
    w = compact[:2] + "%02d" % ((cd + 1) % 100) + compact[4:]
    assert not valid_iban(w), w
    return grouped(w) if " " in v else w


FW_TABLE = {}
for _c in "0123456789":
    FW_TABLE[_c] = chr(0xFF10 + int(_c))
for _i in range(26):
    FW_TABLE[chr(65 + _i)] = chr(0xFF21 + _i)
    FW_TABLE[chr(97 + _i)] = chr(0xFF41 + _i)


def fw(s):
    """Full-width form of ASCII digits/letters (other characters unchanged)."""
    return "".join(FW_TABLE.get(c, c) for c in s)


# ---------------------------------------------------------------------------
# Reference scanner: the labelling rules as code, used only to cross-check the
# hand-written labels.  `Mode` switches the readings the rules leave open.
# ---------------------------------------------------------------------------

NEG_CONTEXT = ["订单号", "订单编号", "流水号", "单号", "合同号", "编号", "交易号", "委托号",
               "快递单号", "order no", "order number", "order id", "reference", "ref",
               "invoice", "tracking"]
SEC_CONTEXT = ["股东账户", "股东账号", "股东代码", "证券账户", "证券账号", "资金账号", "资金账户",
               "一码通", "account", "acct"]
FUND_CONTEXT = ["资金账号", "资金账户"]
AUTH_CONTEXT = {
    "password": ["密码", "交易密码", "登录密码", "支付密码", "取款密码", "password", "passcode", "PIN"],
    "card_security_code": ["CVV", "CVV2", "CVN2", "CVC", "安全码", "卡背后三位"],
    "card_expiry": ["有效期", "有效期至", "expiry", "expires", "exp", "valid thru"],
    "one_time_code": ["验证码", "动态码", "校验码", "短信码", "OTP", "verification code", "one-time code"],
}
FILLER_TOKENS = [" ", ":", "：", "是", "为", "=", "is"]
SUPPRESSIBLE = {"cn_mobile", "bank_card", "cn_passport", "securities_account"}


class Mode:
    def __init__(self, ci, wb, window, relaxed, lazy, glued, fwpw, name_ci):
        self.ci = ci            # English context words match case-insensitively
        self.wb = wb            # English context words need non-letter neighbours
        self.window = window    # context window in scalars
        self.relaxed = relaxed  # digit groups: any prefix/suffix run, not only maximal
        self.lazy = lazy        # auth filler: shortest instead of longest
        self.glued = glued      # ASCII context word directly followed by alnum value allowed
        self.fwpw = fwpw        # full-width chars count as ASCII inside passwords
        self.name_ci = name_ci  # English names / client ids case-insensitive

    def __repr__(self):
        return repr(self.__dict__)


ALL_MODES = [Mode(*m) for m in itertools.product(
    [False, True], [False, True], [11, 12, 13], [False, True], [False, True],
    [False, True], [False, True], [False, True])]
DEFAULT_MODE = Mode(False, False, 12, False, False, False, False, False)


def normalize(t):
    out = []
    for ch in t:
        o = ord(ch)
        if 0xFF10 <= o <= 0xFF19:
            out.append(chr(o - 0xFF10 + 48))
        elif 0xFF21 <= o <= 0xFF3A:
            out.append(chr(o - 0xFF21 + 65))
        elif 0xFF41 <= o <= 0xFF5A:
            out.append(chr(o - 0xFF41 + 97))
        else:
            out.append(ch)
    return "".join(out)


def isal(ch):
    return ch.isascii() and ch.isalnum()


def isletter(ch):
    return ch.isascii() and ch.isalpha()


def at(n, i):
    return n[i] if 0 <= i < len(n) else ""


@functools.lru_cache(maxsize=None)
def lowered(n):
    return n.lower()


def word_hits(n, w, mode):
    """(start, end) of every occurrence of context word w in normalized text n."""
    asc = w.isascii()
    hay = lowered(n) if (asc and mode.ci) else n
    needle = w.lower() if (asc and mode.ci) else w
    res = []
    i = hay.find(needle)
    while i != -1:
        e = i + len(w)
        if not (asc and mode.wb) or (not isletter(at(n, i - 1)) and not isletter(at(n, e))):
            res.append((i, e))
        i = hay.find(needle, i + 1)
    return res


def ctx_before(n, pos, words, mode):
    for w in words:
        for s, e in word_hits(n, w, mode):
            if pos - mode.window <= e <= pos:
                return True
    return False


def scan(text, mode=DEFAULT_MODE, names=None, client_ids=None):
    names = CN_NAMES + EN_NAMES if names is None else names
    client_ids = CLIENT_IDS if client_ids is None else client_ids
    n = normalize(text)
    L = len(n)
    found = []  # (type, start, end)

    def neg(s):
        return ctx_before(n, s, NEG_CONTEXT, mode)

    # --- whole alnum runs ---------------------------------------------------
    for m in re.finditer(r"[A-Za-z0-9]+", n):
        s, e, r = m.start(), m.end(), m.group()
        if len(r) == 18 and valid_id18(r):
            found.append(("cn_id_card", s, e))
        if len(r) == 15 and valid_id15(r):
            found.append(("cn_id_card", s, e))
        if valid_uscc(r):
            found.append(("cn_uscc", s, e))
        if valid_passport(r) and not neg(s):
            found.append(("cn_passport", s, e))
        if not neg(s):
            sec = (re.fullmatch(r"A\d{9}|0\d{9}|\d{12}", r) and ctx_before(n, s, SEC_CONTEXT, mode)) or \
                  (re.fullmatch(r"\d{6,20}", r) and ctx_before(n, s, FUND_CONTEXT, mode))
            if sec:
                found.append(("securities_account", s, e))
        if re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", r) and valid_iban(r):
            found.append(("iban", s, e))
        for cid in client_ids:
            if (r.lower() == cid.lower()) if mode.name_ci else (r == cid):
                found.append(("client_id", s, e))

    # --- digit groups: bank cards -----------------------------------------
    starts = [i for i in range(L) if n[i].isdigit() and not isal(at(n, i - 1))]
    for i in starts:
        if not mode.relaxed and re.match(r"\d[ -]", n[max(0, i - 2):i]):
            continue
        groups = []  # (start, end)
        j = i
        sep = None
        while True:
            k = j
            while k < L and n[k].isdigit():
                k += 1
            if isal(at(n, k)):
                groups.append((j, k, False))  # run continues with a letter
                break
            groups.append((j, k, True))
            c = at(n, k)
            if c in (" ", "-") and at(n, k + 1).isdigit() and (sep is None or c == sep):
                sep = c
                j = k + 1
                continue
            break
        if not groups[-1][2]:
            if not mode.relaxed:
                continue  # the digit groups run into letters: not a clean value
            groups = groups[:-1]
            if not groups:
                continue
        spans = range(1, len(groups) + 1) if mode.relaxed else [len(groups)]
        for k in spans:
            gs = groups[:k]
            digits = "".join(n[a:b] for a, b, _ in gs)
            lens = [b - a for a, b, _ in gs]
            if k == 1:
                ok = True
            else:
                ok = all(x == 4 for x in lens[:-1]) and 1 <= lens[-1] <= 4
            if ok and valid_bank(digits) and not neg(gs[0][0]):
                found.append(("bank_card", gs[0][0], gs[-1][1]))

    # --- mobiles -------------------------------------------------------------
    pre = r"(?<![A-Za-z0-9])" if mode.relaxed else r"(?<![A-Za-z0-9])(?<![0-9][ -])"
    post = r"(?![A-Za-z0-9])" if mode.relaxed else r"(?![A-Za-z0-9])(?![ -][0-9])"
    mob = re.compile(pre + r"(?:(?:\+86|0086|86)[ -]?)?1[3-9]\d(?:(?P<s>[ -])\d{4}(?P=s)\d{4}|\d{8})" + post)
    for i in range(L):
        m = mob.match(n, i)
        if m and not neg(m.start()):
            found.append(("cn_mobile", m.start(), m.end()))

    # --- IBAN written in groups of four ---------------------------------------
    ib = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: [A-Z0-9]{4})+(?: [A-Z0-9]{1,3})?(?![A-Za-z0-9])")
    for m in ib.finditer(n):
        if valid_iban(m.group()):
            found.append(("iban", m.start(), m.end()))

    # --- email -------------------------------------------------------------
    em = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?![A-Za-z0-9-])")
    for m in em.finditer(n):
        found.append(("email", m.start(), m.end()))

    # --- IP addresses ------------------------------------------------------
    v4 = re.compile(r"(?<![A-Za-z0-9.])\d+(?:\.\d+)+(?![A-Za-z0-9])(?!\.\d)")
    for m in v4.finditer(n):
        if valid_ipv4(m.group()):
            found.append(("ip_address", m.start(), m.end()))
    for m in re.finditer(r"[0-9A-Za-z:]+", n):
        r = m.group()
        if ":" in r and ("::" in r or r.count(":") == 7) and valid_ipv6(r):
            found.append(("ip_address", m.start(), m.end()))

    # --- authentication data --------------------------------------------------
    for typ, words in AUTH_CONTEXT.items():
        for w in words:
            for ws, we in word_hits(n, w, mode):
                # reachable filler ends (at most 4 scalars)
                reach = {we}
                frontier = [we]
                while frontier:
                    p = frontier.pop()
                    for tok in FILLER_TOKENS:
                        if n.startswith(tok, p) and p + len(tok) - we <= 4 and p + len(tok) not in reach:
                            reach.add(p + len(tok))
                            frontier.append(p + len(tok))
                order = sorted(reach) if mode.lazy else sorted(reach, reverse=True)
                for p in order:
                    span = auth_value(typ, text, n, p, mode)
                    if span is None:
                        continue
                    if p == we and w.isascii() and isal(at(n, we)) and not mode.glued:
                        break
                    found.append((typ, span[0], span[1]))
                    break

    # --- dictionaries ----------------------------------------------------------
    for nm in names:
        if re.search(r"[\u4e00-\u9fff]", nm):
            i = text.find(nm)
            while i != -1:
                found.append(("person_name", i, i + len(nm)))
                i = text.find(nm, i + 1)
        else:
            flags = re.I if mode.name_ci else 0
            for m in re.finditer(r"(?<![A-Za-z0-9])" + re.escape(nm) + r"(?![A-Za-z0-9])", n, flags):
                found.append(("person_name", m.start(), m.end()))

    # the scanner reports the longest candidate of a type, not the parts inside it
    uniq = sorted(set(found))
    result = [f for f in uniq if not any(
        g != f and g[0] == f[0] and g[1] <= f[1] and f[2] <= g[2] for g in uniq)]
    return result


def auth_value(typ, text, n, p, mode):
    if typ == "password":
        src = n if mode.fwpw else text
        q = p
        while q < len(src) and 0x21 <= ord(src[q]) <= 0x7E and src[q] not in ",;":
            q += 1
        while q > p and src[q - 1] in ".,":
            q -= 1
        return (p, q) if 4 <= q - p <= 32 else None
    if typ == "card_security_code":
        m = re.compile(r"\d{3,4}(?![A-Za-z0-9])").match(n, p)
    elif typ == "card_expiry":
        m = re.compile(r"(?:0[1-9]|1[0-2])(?:/\d{4}|/\d{2}|-\d{2})(?![A-Za-z0-9])(?![/-]\d)").match(n, p)
    else:
        m = re.compile(r"\d{4,8}(?![A-Za-z0-9])").match(n, p)
    return (m.start(), m.end()) if m else None


# ---------------------------------------------------------------------------
# Case construction
# ---------------------------------------------------------------------------

CASES = []
_counters = {}


def ent(typ):
    return lambda v: (typ, v)


ID = ent("cn_id_card")
MOB = ent("cn_mobile")
CARD = ent("bank_card")
USCC = ent("cn_uscc")
SEC = ent("securities_account")
EMAIL = ent("email")
IBAN = ent("iban")
PP = ent("cn_passport")
IP = ent("ip_address")
PW = ent("password")
CSC = ent("card_security_code")
EXP = ent("card_expiry")
OTP = ent("one_time_code")
NAME = ent("person_name")
CID = ent("client_id")


def case(prefix, lang, template, *vals, note=""):
    """template uses {} placeholders; a tuple fills in a labelled entity, a str plain text."""
    pieces = template.split("{}")
    assert len(pieces) == len(vals) + 1, (template, vals)
    text, entities = "", []
    for piece, v in zip(pieces, list(vals) + [None]):
        text += piece
        if v is None:
            continue
        if isinstance(v, tuple):
            typ, value = v
            entities.append({"type": typ, "start": len(text), "end": len(text) + len(value), "text": value})
            text += value
        else:
            text += v
    _counters[prefix] = _counters.get(prefix, 0) + 1
    cid = "%s-%03d" % (prefix, _counters[prefix])
    assert note, cid
    CASES.append({"id": cid, "lang": lang, "text": text, "entities": entities, "note": note})


# ---------------------------------------------------------------------------
# cn_id_card
# ---------------------------------------------------------------------------

I = {
    "bj": id18("110105", "19850612", "123"),
    "sh": id18("310104", "19900228", "456"),
    "sz": id18("440305", "19781103", "027"),
    "hzX": id18x("330106", "19920715"),
    "cd_x": id18x("510107", "19880320").lower(),
    "wh": id18("420106", "20000101", "318"),
    "nj": id18("320102", "19651208", "041"),
    "qd": id18("370202", "19730530", "662"),
    "cq": id18("500103", "19990909", "235"),
    "xa": id18("610113", "19821231", "517"),
    "tj": id18("120101", "19560416", "088"),
    "leap": id18("130102", "19960229", "146"),
    "xj": id18("650102", "19870711", "303"),
    "hk": id18("810000", "19910512", "027"),
    "tw": id18("710000", "19800101", "011"),
    "hn": id18("460105", "20050314", "102"),
    "old1": id15("110105", "850612", "123"),
    "old2": id15("440301", "720815", "046"),
    "old3": id15("320102", "591130", "512"),
    "fw": id18("350203", "19860521", "219"),
    "fwX": id18x("210202", "19790822"),
    "hrb": id18("230103", "19000315", "035"),
    "ty": id18("140105", "19670918", "224"),
    "hf": id18("340104", "19950627", "508"),
}
assert I["hzX"].endswith("X") and I["cd_x"].endswith("x") and I["fwX"].endswith("X")

case("idcard", "zh", "客户身份证号码为{}，请核对开户信息。", ID(I["bj"]),
     note="18-digit ID, Beijing area code, computed check digit")
case("idcard", "zh", "开户人证件号：{}，证件类型：居民身份证。", ID(I["sh"]),
     note="18-digit ID after full-width colon")
case("idcard", "zh", "您好，我的身份证是{}，想重新做一次风险测评。", ID(I["sz"]),
     note="ID in customer-service request")
case("idcard", "zh", "经办人身份证号 {} 已上传影像，待复核。", ID(I["hzX"]),
     note="check character X (uppercase)")
case("idcard", "zh", "证件号码{}（末位小写x），系统已自动转换。", ID(I["cd_x"]),
     note="check character written as lowercase x")
case("idcard", "zh", "适当性复核：投资者证件号{}，风险等级C4。", ID(I["wh"]),
     note="birth date 2000-01-01; C4 is not an entity")
case("idcard", "zh", "请将{}这张身份证的正反面照片发给客户经理。", ID(I["nj"]),
     note="ID embedded between Chinese characters")
case("idcard", "zh", "老客户补录资料，身份证号码：{}（十五位旧证）。", ID(I["old1"]),
     note="old 15-digit ID, born 1985-06-12")
case("idcard", "zh", "户籍信息显示其第一代身份证号为{}，需换发新证。", ID(I["old2"]),
     note="old 15-digit ID, born 1972-08-15")
case("idcard", "zh", "委托人身份证：{}，受托人身份证：{}。", ID(I["qd"]), ID(I["cq"]),
     note="two IDs in one sentence")
case("idcard", "zh", "身份证{}的客户于2024年11月28日申请开通科创板权限。", ID(I["leap"]),
     note="birth date 1996-02-29 (leap year) is a real date")
case("idcard", "zh", "港澳居民居住证号码{}已通过核验。", ID(I["hk"]),
     note="province code 81 (Hong Kong residence permit)")
case("idcard", "zh", "客户证件号码为{}，请勿在群聊中转发。", ID(fw(I["fw"])),
     note="full-width digits; span covers the full-width characters")
case("idcard", "zh", "身份证号：{}。", ID(fw(I["fwX"])),
     note="full-width digits with full-width check character Ｘ")
case("idcard", "en", "Customer ID card number {} was verified against the public security database.", ID(I["xa"]),
     note="18-digit ID in English KYC sentence")
case("idcard", "en", "KYC check: PRC resident ID {} matched the applicant's photo.", ID(I["tj"]),
     note="18-digit ID, born 1956")
case("idcard", "en", "The applicant's national ID is {}, issued in Urumqi.", ID(I["xj"]),
     note="ID followed by comma")
case("idcard", "en", "Old-format ID {} (15 digits) must be upgraded before trading.", ID(I["old3"]),
     note="old 15-digit ID in English")
case("idcard", "en", "Beneficiary ID: {}; relationship: spouse.", ID(I["hrb"]),
     note="birth year 1900 (inside the allowed range)")
case("idcard", "mixed", "客户 ID number 是 {}，请 double check 一下。", ID(I["tw"]),
     note="province code 71; mixed-language sentence")
case("idcard", "mixed", "Onboarding 资料: 身份证 {}, risk level R3.", ID(I["hn"]),
     note="born 2005-03-14")
case("idcard", "mixed", "请在CRM里更新ID：{}，then close the ticket.", ID(I["ty"]),
     note="ID between full-width colon and full-width comma")
case("idcard", "zh", "投资者{}已完成双录，双录编号在备注中。", ID(I["hf"]),
     note="ID cards are not suppressed by negative context; here 编号 comes after the value anyway")
case("idcard", "zh", "合同编号HT2024-118，乙方身份证号码{}。", ID(I["bj"]),
     note="negative context word 编号 within 12 scalars does not suppress cn_id_card")

# ---------------------------------------------------------------------------
# cn_mobile
# ---------------------------------------------------------------------------

def mob(s):
    digits = re.sub(r"[^0-9]", "", normalize(s))
    if digits.startswith("0086"):
        digits = digits[4:]
    elif len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    assert MOBILE_RE.fullmatch(digits), s
    return s


case("mobile", "zh", "客户手机号{}，请在工作时间回访。", MOB(mob("13912345678")),
     note="plain 11-digit mobile")
case("mobile", "zh", "如有疑问请联系您的客户经理，电话{}。", MOB(mob("15001234567")),
     note="mobile at end of sentence before 。")
case("mobile", "zh", "预留手机号码：{}，验证短信已发送。", MOB(mob("18612345678")),
     note="mobile after full-width colon")
case("mobile", "zh", "张先生的联系方式是{}（微信同号）。", MOB(mob("177 1234 5678")),
     note="3-4-4 grouping with spaces; span covers the spaces")
case("mobile", "zh", "请拨打{}与营业部联系。", MOB(mob("199-1234-5678")),
     note="3-4-4 grouping with dashes")
case("mobile", "zh", "境外来电显示{}，为客户本人号码。", MOB(mob("+8616612345678")),
     note="+86 prefix without separator; span includes +86")
case("mobile", "zh", "客户留的号码是{}，已确认可接通。", MOB(mob("+86 147 1234 5678")),
     note="+86 prefix, space, then 3-4-4 groups")
case("mobile", "zh", "紧急联系人手机：{}。", MOB(mob("86-13500001234")),
     note="86 prefix (no plus) followed by a dash")
case("mobile", "zh", "短信通知将发送至{}，请注意查收。", MOB(mob("008618800008888")),
     note="0086 prefix without separator")
case("mobile", "zh", "王女士手机{}，周末勿扰。", MOB(mob(fw("15921876543"))),
     note="full-width digits")
case("mobile", "zh", "两位联系人分别是{}和{}。", MOB(mob("13011112222")), MOB(mob("17098765432")),
     note="two mobiles separated by 和")
case("mobile", "zh", "开户时登记的电话为{}，现变更为{}。", MOB(mob("191 9876 5432")), MOB(mob("153-2233-4455")),
     note="space-grouped and dash-grouped mobiles in one sentence")
case("mobile", "en", "Please call the client back on {} after 3 pm.", MOB(mob("+86 13912345678")),
     note="+86 followed by one space")
case("mobile", "en", "Mobile: {}", MOB(mob("+86-185-1234-5678")),
     note="+86 with dash and dash-grouped digits")
case("mobile", "en", "The investor's registered mobile number is {}.", MOB(mob("0086 136 8888 1234")),
     note="0086 prefix, space, space-grouped digits; trailing period not in span")
case("mobile", "en", "Text the code to {} or {} if the first line is busy.", MOB(mob("13800138000")), MOB(mob("86 139 0000 1111")),
     note="plain mobile and 86-prefixed grouped mobile")
case("mobile", "en", "Relationship manager hotline (mobile): {}, available 9:00-17:30.", MOB(mob("158-0000-9999")),
     note="dash-grouped mobile; 9:00-17:30 is a time range, not an entity")
case("mobile", "en", "Contact number on file: {}", MOB(mob("18912340000")),
     note="mobile at the end of the text")
case("mobile", "mixed", "客户说 please call me at {}，下午有空。", MOB(mob("+86 186 0011 2233")),
     note="grouped mobile with +86 in mixed text")
case("mobile", "mixed", "Hotline 已更新为{}，old number 作废。", MOB(mob("14912345678")),
     note="149 prefix (1[3-9] rule)")
case("mobile", "mixed", "手机 mobile：{}", MOB(mob(fw("17712345678"))),
     note="full-width digits in mixed text")
case("mobile", "zh", "客户反馈手机{}收不到短信，已转技术排查。", MOB(mob("16500001111")),
     note="165 prefix")

# ---------------------------------------------------------------------------
# bank_card
# ---------------------------------------------------------------------------

B = {
    "icbc19": card("622202190012345678"),
    "ccb19": card("621700123456789012"),
    "abc19": card("622848001234567890"),
    "cmb16": card("621483123412341"),
    "ccbvisa": card("436742123456789"),
    "mc16": card("518600123456789"),
    "jcb16": card("356833123456789"),
    "cmbcc": card("622588012345678"),
    "amex15": card("37828224631000"),
    "disc16": card("601100099990001"),
    "mc2": card("222100123456789"),
    "mc2720": card("272011987654321"),
    "visa13": card("422222222222"),
    "up18": card("62148312345678901"),
    "visa16": card("401288888888188"),
    "mc5555": card("555555555555444"),
    "up_cc": card("625965123456789"),
    "boc19": card("621661000012345678"),
    "fw16": card("622155123456780"),
    "spdb": card("622521000087654"),
    "cib17": card("6229091234567890"),
    "psbc": card("621799123400011223"),
}
assert len(B["visa13"]) == 13 and len(B["amex15"]) == 15 and len(B["up18"]) == 18
assert len(B["cib17"]) == 17 and len(B["icbc19"]) == 19

case("card", "zh", "请将款项转入工商银行卡{}，户名张先生。", CARD(B["icbc19"]),
     note="19-digit UnionPay debit card, Luhn computed")
case("card", "zh", "客户绑定的建行储蓄卡号为{}。", CARD(B["ccb19"]),
     note="19-digit card")
case("card", "zh", "银证转账银行卡：{}，已完成三方存管签约。", CARD(grouped(B["abc19"])),
     note="19 digits in groups of four with spaces (last group 3 digits)")
case("card", "zh", "信用卡{}本期账单已出。", CARD(grouped(B["cmb16"], "-")),
     note="16 digits grouped with dashes")
case("card", "zh", "客户用尾号不同的两张卡：{}与{}。", CARD(B["ccbvisa"]), CARD(B["mc16"]),
     note="Visa-range and Mastercard-range cards")
case("card", "zh", "卡号{}的JCB卡已挂失。", CARD(B["jcb16"]),
     note="JCB range starting 35")
case("card", "zh", "还款账户为招行信用卡 {} ，请按时还款。", CARD(grouped(B["cmbcc"])),
     note="space-grouped 16-digit card surrounded by spaces")
case("card", "zh", "境外消费使用的美国运通卡{}。", CARD(B["amex15"]),
     note="15-digit Amex test number (starts 37)")
case("card", "zh", "收款卡号：{}（中国银行）", CARD(B["boc19"]),
     note="19-digit card before a full-width parenthesis")
case("card", "zh", "客户的借记卡号是{}，请勿外传。", CARD(fw(B["fw16"])),
     note="full-width digits")
case("card", "zh", "请核对卡号{}是否为本人名下。", CARD(fw(grouped(B["spdb"]))),
     note="full-width digits grouped with ASCII spaces")
case("card", "zh", "兴业银行卡号{}（17位）已登记。", CARD(B["cib17"]),
     note="17-digit Luhn-valid card")
case("card", "en", "Please charge the advisory fee to card {} instead.", CARD(B["disc16"]),
     note="Discover-range card starting 6011")
case("card", "en", "Card number {} was declined at the POS terminal.", CARD(B["mc2"]),
     note="16-digit Mastercard 2-series (2221)")
case("card", "en", "The client's Mastercard {} expires next year.", CARD(grouped(B["mc2720"])),
     note="16-digit 2-series card starting 2720 (upper bound), space-grouped")
case("card", "en", "Old 13-digit Visa {} is still on file.", CARD(B["visa13"]),
     note="13-digit card (minimum length)")
case("card", "en", "Debit card: {}; status: active.", CARD(B["up18"]),
     note="18-digit UnionPay number (not a valid ID: no real birth date)")
case("card", "en", "Test cards {} and {} must never be used in production.", CARD(grouped(B["visa16"], "-")), CARD(B["mc5555"]),
     note="well-known test numbers, one dash-grouped")
case("card", "mixed", "客户 credit card 是 {}，limit 5万。", CARD(B["up_cc"]),
     note="card in mixed text")
case("card", "mixed", "Settlement 银行卡号：{}", CARD(grouped(B["psbc"])),
     note="19-digit card grouped 4-4-4-4-3")
case("card", "en", "Charge the annual fee to card {} on file.", CARD(grouped(B["icbc19"], "-")),
     note="19-digit card grouped with dashes")
case("card", "mixed", "绑卡失败，card no. {} 不支持快捷支付。", CARD(B["ccb19"]),
     note="'card no.' is not a negative context word (only 'order no' is)")

# ---------------------------------------------------------------------------
# cn_uscc
# ---------------------------------------------------------------------------

def uscc_of(reg, area, org):
    assert len(reg) == 2 and len(area) == 6 and len(org) == 9
    return uscc(reg + area + org)


U = {
    "ex": uscc_of("91", "110000", "600037341"),
    "shpd": uscc_of("91", "310115", "MA1FL8T3X"),
    "szns": uscc_of("91", "440300", "MA5EQ2K71"),
    "hz": uscc_of("91", "330100", "7DC3E1N46"),
    "getihu": uscc_of("92", "510107", "MA6CJ8W20"),
    "shetuan": uscc_of("52", "110000", "500012345"),
    "shiye": uscc_of("12", "100000", "40001234X"),
    "sz": uscc_of("91", "320500", "MA1MY4U8P"),
    "wh": uscc_of("91", "420100", "30012345K"),
    "cq": uscc_of("91", "500000", "MA60H2R34"),
    "coop": uscc_of("93", "370200", "MA3C4B6D1"),
    "xa": uscc_of("91", "610131", "MA6U1234Y"),
    "xm": uscc_of("91", "350200", "612003456"),
    "tj": uscc_of("91", "120116", "MA05KP3L2"),
    "xj": uscc_of("91", "650100", "MA77AB1C9"),
    "y1": uscc_of("Y1", "440300", "MA5GT9E3K"),
    "bj": uscc_of("91", "110108", "MA01ABCD2"),
    "fw": uscc_of("91", "330106", "MA2CD9E7F"),
    "gz": uscc_of("91", "440101", "231245152"),
    "nj": uscc_of("91", "320106", "MA1N2P3Q4"),
}
assert U["ex"] == "91110000600037341L", U["ex"]

case("uscc", "zh", "统一社会信用代码：{}", USCC(U["ex"]),
     note="the example from the rules (check char L)")
case("uscc", "zh", "企业客户（统一社会信用代码{}）申请开立机构证券账户。", USCC(U["shpd"]),
     note="USCC with letters; 证券账户 after the value does not matter")
case("uscc", "zh", "请核对营业执照上的信用代码{}与工商登记是否一致。", USCC(U["szns"]),
     note="USCC between Chinese characters")
case("uscc", "zh", "私募管理人{}已完成基金业协会登记。", USCC(U["hz"]),
     note="manager identified by USCC")
case("uscc", "zh", "个体工商户统一代码为{}，经营者为本人。", USCC(U["getihu"]),
     note="registration code 92 (individual business)")
case("uscc", "zh", "社会团体法人登记证书代码：{}。", USCC(U["shetuan"]),
     note="registration code 52 (social organisation)")
case("uscc", "zh", "事业单位法人证书统一社会信用代码{}，有效期至2028年。", USCC(U["shiye"]),
     note="registration code 12; 有效期至2028年 has no MM/YY value, so no card_expiry")
case("uscc", "zh", "供应商{}的对公付款已审批通过。", USCC(U["sz"]),
     note="USCC in payment approval")
case("uscc", "zh", "担保方统一社会信用代码 {} ，担保金额5000万元。", USCC(U["wh"]),
     note="USCC surrounded by spaces")
case("uscc", "zh", "农民专业合作社代码{}已备案。", USCC(U["coop"]),
     note="registration code 93")
case("uscc", "zh", "请在尽调报告中补充发行人统一社会信用代码（{}）。", USCC(fw(U["fw"])),
     note="full-width digits and letters")
case("uscc", "zh", "两家关联方的信用代码分别为{}、{}。", USCC(U["xa"]), USCC(U["xm"]),
     note="two USCCs separated by 、")
case("uscc", "en", "Unified social credit code {} belongs to the fund manager.", USCC(U["cq"]),
     note="USCC in English")
case("uscc", "en", "Counterparty USCC: {}, rating AA+.", USCC(U["tj"]),
     note="USCC followed by comma; AA+ is not an entity")
case("uscc", "en", "KYB completed for the issuer (USCC {}).", USCC(U["xj"]),
     note="USCC inside parentheses")
case("uscc", "en", "The bond prospectus lists the guarantor's credit code as {}.", USCC(U["y1"]),
     note="registration code Y1")
case("uscc", "en", "Entity {} passed the beneficial-ownership review.", USCC(U["bj"]),
     note="USCC as sentence subject")
case("uscc", "mixed", "Client 为企业客户，USCC是{}，please update CRM。", USCC(U["gz"]),
     note="all-digit body with computed check")
case("uscc", "mixed", "机构户 onboarding：信用代码{}", USCC(U["nj"]),
     note="USCC at end of text")
case("uscc", "en", "Legal entity identifier on file: {}", USCC(U["ex"]),
     note="USCC at end of English text")

# ---------------------------------------------------------------------------
# securities_account (context-dependent)
# ---------------------------------------------------------------------------

def sec(v):
    d = normalize(v)
    assert re.fullmatch(r"A\d{9}|0\d{9}|\d{12}|\d{6,20}", d), v
    assert not ambiguous_digits(d), v
    return v


S = {
    "sh1": sec("A382916045"), "sh2": sec("A600219873"), "sh3": sec("A123450987"), "sh4": sec("A908172635"),
    "sz1": sec("0187654321"), "sz2": sec("0215098734"), "sz3": sec("0603217845"), "sz4": sec("0012345678"),
    "ymt1": sec("180100234567"), "ymt2": sec("180356781234"), "ymt3": sec("180012349876"),
    "f8": sec("66012345"), "f10": sec("2024000188"), "f13": sec("8800123456789"), "f20": sec("98765432109876543210"),
    "f6": sec("666888"), "f9": sec("305512345"), "f16": sec("7001234567890123"),
}

case("secacct", "zh", "客户上海股东账户：{}，深圳股东账户：{}。", SEC(S["sh1"]), SEC(S["sz1"]),
     note="Shanghai A+9 and Shenzhen 0+9 formats, each right after 股东账户")
case("secacct", "zh", "请提供您的股东账号{}以便办理指定交易。", SEC(S["sh2"]),
     note="context 股东账号 immediately before the value")
case("secacct", "zh", "股东代码{}已完成创业板权限开通。", SEC(S["sz2"]),
     note="Shenzhen format after 股东代码")
case("secacct", "zh", "证券账户 {} 已冻结，请联系营业部。", SEC(S["sh3"]),
     note="context 证券账户 plus one space")
case("secacct", "zh", "您的证券账号为{}。", SEC(S["sz3"]),
     note="context 证券账号 plus 为")
case("secacct", "zh", "资金账号：{}", SEC(S["f8"]),
     note="资金账号 allows any 6-20 digit run (8 digits here)")
case("secacct", "zh", "资金账户{}可用余额不足，无法申购新股。", SEC(S["f10"]),
     note="资金账户 with a 10-digit run")
case("secacct", "zh", "一码通账户{}下挂有3个证券账户。", SEC(S["ymt1"]),
     note="12-digit one-stop account, context 一码通 two scalars before")
case("secacct", "zh", "客户一码通号码：{}", SEC(S["ymt2"]),
     note="12-digit one-stop account")
case("secacct", "zh", "资金账号 {} 与银行卡的绑定关系已解除。", SEC(S["f13"]),
     note="13-digit fund account (starts 8, so not a bank card)")
case("secacct", "zh", "股东账户{}名下持有贵州茅台100股。", SEC(fw(S["sh4"])),
     note="full-width Ａ and digits")
case("secacct", "zh", "资金账号：{}", SEC(fw(S["f9"])),
     note="full-width 9-digit fund account")
case("secacct", "zh", "资金账号为{}（二十位）", SEC(S["f20"]),
     note="20-digit fund account, the longest allowed")
case("secacct", "zh", "资金账户{}已于上月销户。", SEC(S["f6"]),
     note="6-digit fund account, the shortest allowed")
case("secacct", "zh", "深市证券账户（{}）已指定到本营业部。", SEC(S["sz4"]),
     note="value inside full-width parentheses, 2 scalars after context")
case("secacct", "en", "Shanghai securities account {} was opened today.", SEC(S["sh3"]),
     note="context 'account' one space before the value")
case("secacct", "en", "Please link acct {} to the margin facility.", SEC(S["sz1"]),
     note="context 'acct'")
case("secacct", "en", "Her one-stop account no. {} covers both exchanges.", SEC(S["ymt3"]),
     note="12-digit value 5 scalars after 'account' ('no.' alone is not a negative word)")
case("secacct", "en", "Shenzhen account: {}", SEC(S["sz2"]),
     note="context 'account' with colon")
case("secacct", "en", "Transfer the shares into acct {} before Friday.", SEC(S["sh2"]),
     note="Shanghai format after 'acct'")
case("secacct", "mixed", "客户的 securities account 是 {}，请核对。", SEC(S["sh4"]),
     note="English context word in Chinese sentence")
case("secacct", "mixed", "Fund account（资金账号）：{}", SEC(S["f16"]),
     note="16-digit fund account starting 7 (not a bank card); 资金账号 2 scalars before")

# ---------------------------------------------------------------------------
# email
# ---------------------------------------------------------------------------

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}")


def email(v):
    assert EMAIL_RE.fullmatch(v), v
    return v


case("email", "zh", "请把对账单发送到{}，谢谢。", EMAIL(email("zhangwei@example.com")),
     note="simple address before full-width comma")
case("email", "zh", "客户邮箱：{}", EMAIL(email("li.na@bank-example.com.cn")),
     note="dotted local part, hyphenated and multi-label domain")
case("email", "zh", "研报订阅邮箱{}已变更为{}。", EMAIL(email("research.sub@brokerage.cn")), EMAIL(email("wang_fang88@mail.example.org")),
     note="two addresses")
case("email", "zh", "如需开具证明，请发邮件至{}并注明资金用途。", EMAIL(email("service@95555.cn")),
     note="numeric domain label is fine; last label has letters")
case("email", "zh", "投诉请联系合规部邮箱 {} 。", EMAIL(email("compliance@fund-example.com")),
     note="address between spaces")
case("email", "zh", "联系人邮箱为{}（工作日回复）。", EMAIL(email("kyc+review@example.net")),
     note="plus sign in local part")
case("email", "zh", "请抄送{}、{}两位同事。", EMAIL(email("ops%desk@example.com")), EMAIL(email("risk-team@example.com")),
     note="percent and hyphen in local part; 、 separator")
case("email", "zh", "客户留存的电子邮箱是{}。", EMAIL(email("HuangLei.2024@Example.COM")),
     note="mixed-case address; trailing 。 not in span")
case("email", "en", "Send the signed agreement to {}.", EMAIL(email("onboarding@wealth.example.com")),
     note="trailing period is not part of the address")
case("email", "en", "Client email on file: {}", EMAIL(email("m.johnson@example.co.uk")),
     note="co.uk domain")
case("email", "en", "Please reply to {} or {}, whichever is faster.", EMAIL(email("desk1@example.com")), EMAIL(email("desk2@example.com")),
     note="two addresses with 'or' between them")
case("email", "en", "The research note was emailed to {} at 8 am.", EMAIL(email("analyst_team@securities.example")),
     note="long top-level label")
case("email", "en", "Contact: {} (mobile not provided)", EMAIL(email("j.wilson@example.io")),
     note="address before parenthesis")
case("email", "en", "Unsubscribe requests go to {}; allow 3 days.", EMAIL(email("no-reply@notify.example.com")),
     note="address before semicolon")
case("email", "en", "<{}> has been added to the distribution list.", EMAIL(email("ir@listedco.example.cn")),
     note="address inside angle brackets")
case("email", "en", "Her personal address is {}, not the corporate one.", EMAIL(email("sarah.w1985@example.com")),
     note="digits in local part")
case("email", "mixed", "客户的 email 是 {}，请 update 到系统里。", EMAIL(email("chenjing@example.com")),
     note="address in mixed text")
case("email", "mixed", "Email：{}（已验证）", EMAIL(email("zhao.min@example.com.cn")),
     note="after full-width colon")
case("email", "mixed", "请发 PDF 到{}，subject 写 KYC update。", EMAIL(email("docs@advisory.example.com")),
     note="address directly after Chinese characters")
case("email", "en", "Forward the margin call notice to {} and to {}.",
     EMAIL(email("risk.alerts@example.com")), EMAIL(email("backup.ops@example.com")),
     note="two addresses, the last followed by a period")

# ---------------------------------------------------------------------------
# iban
# ---------------------------------------------------------------------------

IB = {
    "de": iban("DE", "370400440532013000"),
    "gb": iban("GB", "WEST12345698765432"),
    "fr": iban("FR", "20041010050500013M02606"),
    "es": iban("ES", "21000418450200051332"),
    "it": iban("IT", "X0542811101000000123456"),
    "nl": iban("NL", "ABNA0417164300"),
    "be": iban("BE", "539007547034"),
    "ch": iban("CH", "00762011623852957"),
    "at": iban("AT", "1904300234573201"),
    "sa": iban("SA", "80000000608010167519"),
    "gb2": iban("GB", "NWBK60161331926819"),
    "no": iban("NO", "86011117947"),
    "pl": iban("PL", "109010140000071219812874"),
    "se": iban("SE", "50000000058398257466"),
    "dk": iban("DK", "00400440116243"),
    "ie": iban("IE", "AIBK93115212345678"),
    "lu": iban("LU", "0019400644750000"),
    "pt": iban("PT", "000201231234567890154"),
    "ae": iban("AE", "0331234567890123456"),
    "mt": iban("MT", "MALT011000012345MTLCAST001S"),
}
assert IB["de"] == "DE89370400440532013000" and IB["gb"] == "GB82WEST12345698765432"
assert len(IB["no"]) == 15 and len(IB["mt"]) == 31

case("iban", "zh", "请汇款至德国收款行，IBAN：{}。", IBAN(grouped(IB["de"])),
     note="DE89 example written in groups of four; span covers the groups")
case("iban", "zh", "英国子公司收款账号{}，币种英镑。", IBAN(IB["gb"]),
     note="GB82 WEST example, compact form")
case("iban", "zh", "法国托管行账户 {} 已完成验证。", IBAN(grouped(IB["fr"])),
     note="French IBAN with a letter inside the BBAN, grouped")
case("iban", "zh", "西班牙客户的国际银行账号为{}。", IBAN(IB["es"]),
     note="compact Spanish IBAN")
case("iban", "zh", "境外汇款信息：收款人IBAN {}，SWIFT代码BCITITMM。", IBAN(IB["it"]),
     note="Italian IBAN; the SWIFT/BIC code is not an entity")
case("iban", "zh", "请核对荷兰账户{}是否与受益人名称一致。", IBAN(grouped(IB["nl"])),
     note="short Dutch IBAN grouped (last group 2 chars)")
case("iban", "zh", "比利时账户：{}", IBAN(IB["be"]),
     note="16-char Belgian IBAN")
case("iban", "zh", "瑞士私人银行账户{}用于接收分红。", IBAN(fw(IB["ch"])),
     note="full-width letters and digits")
case("iban", "zh", "挪威账户{}是最短的IBAN格式之一。", IBAN(IB["no"]),
     note="15-char Norwegian IBAN (minimum length)")
case("iban", "zh", "马耳他收款账户{}，请勿修改。", IBAN(grouped(IB["mt"])),
     note="31-char Maltese IBAN with letters at the end, grouped")
case("iban", "en", "Beneficiary IBAN: {}", IBAN(grouped(IB["at"])),
     note="Austrian IBAN, grouped")
case("iban", "en", "Wire the subscription amount to {} (Saudi riyal account).", IBAN(IB["sa"]),
     note="Saudi IBAN, compact")
case("iban", "en", "The custodian's IBAN is {}, BIC NWBKGB2L.", IBAN(grouped(IB["gb2"])),
     note="GB29 NWBK example grouped; the BIC is not an entity")
case("iban", "en", "Polish payout IBAN {} was whitelisted.", IBAN(IB["pl"]),
     note="28-char Polish IBAN")
case("iban", "en", "Swedish IBAN {} and Danish IBAN {} belong to the same client.", IBAN(IB["se"]), IBAN(grouped(IB["dk"])),
     note="two IBANs, one compact, one grouped")
case("iban", "en", "Settlement IBAN on file: {}", IBAN(IB["ie"]),
     note="Irish IBAN with bank letters")
case("iban", "en", "Redemption proceeds go to {}.", IBAN(grouped(IB["lu"])),
     note="Luxembourg IBAN grouped; trailing period not in span")
case("iban", "mixed", "客户的 IBAN 是 {}，请 double check。", IBAN(IB["pt"]),
     note="Portuguese IBAN in mixed text")
case("iban", "mixed", "Dubai branch 收款 IBAN：{}", IBAN(grouped(IB["ae"])),
     note="UAE IBAN grouped, after full-width colon")
case("iban", "mixed", "请把EUR款项汇到{}，reference写客户姓名。", IBAN(IB["de"]),
     note="IBAN is not suppressed by negative context; the word reference comes after it anyway")

# ---------------------------------------------------------------------------
# cn_passport
# ---------------------------------------------------------------------------

def pp(v):
    assert valid_passport(normalize(v)), v
    return v


case("passport", "zh", "客户护照号码：{}，有效期十年。", PP(pp("E39284716")),
     note="E + 8 digits with 护照 context")
case("passport", "zh", "境外开户需提供护照，客户提供的是{}。", PP(pp("EJ8736251")),
     note="E + letter + 7 digits")
case("passport", "zh", "旧版因私护照{}已过期，请更新证件。", PP(pp("G28475619")),
     note="G + 8 digits (older passport)")
case("passport", "zh", "证件类型：护照；证件号码：{}。", PP(pp("E60193847")),
     note="passport after 证件号码")
case("passport", "zh", "客户以护照{}办理了QFII相关业务咨询。", PP(pp("EH2947163")),
     note="E + H + 7 digits; QFII is not an entity")
case("passport", "zh", "请核对{}是否为客户本人护照。", PP(pp("G50671234")),
     note="passport without a directly preceding context word")
case("passport", "zh", "出境证明材料：护照 {} ，签证页已扫描。", PP(pp("E00012345")),
     note="leading zeros after E are fine")
case("passport", "zh", "护照号{}与身份证信息一致。", PP(pp(fw("E71829304"))),
     note="full-width Ｅ and digits")
case("passport", "zh", "两名受益人的护照分别为{}和{}。", PP(pp("EK1234567")), PP(pp("G12345670")),
     note="two passports in one sentence")
case("passport", "zh", "客户持护照（{}）来营业部办理。", PP(pp("EW7654321")),
     note="passport inside full-width parentheses")
case("passport", "en", "Passport number {} was scanned at the branch.", PP(pp("E84736291")),
     note="English with 'Passport number' context")
case("passport", "en", "The client travels on passport {}, issued in 2019.", PP(pp("EG3456789")),
     note="E + G + 7 digits")
case("passport", "en", "KYC: PRC passport {}; nationality CN.", PP(pp("G39201847")),
     note="G + 8 digits followed by semicolon")
case("passport", "en", "Document {} is a Chinese e-passport.", PP(pp("E55501234")),
     note="passport without context word")
case("passport", "en", "Please upload a copy of passport {} before the trade settles.", PP(pp("ED9081726")),
     note="E + D + 7 digits")
case("passport", "en", "ID type: passport / ID no: {}", PP(pp("E47362819")),
     note="'ID no' is not a negative context word (only 'order no' is)")
case("passport", "mixed", "客户 passport 是 {}，expired last year。", PP(pp("G80412356")),
     note="passport in mixed text")
case("passport", "mixed", "Passport：{}（已核验）", PP(pp(fw("EP1234567"))),
     note="full-width E + P + 7 digits")
case("passport", "mixed", "请在系统里把 passport number 改为{}。", PP(pp("E20241128")),
     note="digits that look like a date are still a passport after E")
case("passport", "en", "Holder of passport {} requested a W-8BEN form.", PP(pp("EC1029384")),
     note="W-8BEN is not an entity")

# ---------------------------------------------------------------------------
# ip_address
# ---------------------------------------------------------------------------

def ip(v):
    assert valid_ipv4(v) or ("::" in v or v.count(":") == 7) and valid_ipv6(v), v
    return v


case("ip", "zh", "客户于凌晨从IP地址{}登录网上交易系统。", IP(ip("203.0.113.45")),
     note="IPv4 between Chinese characters")
case("ip", "zh", "异常登录：来源{}，已触发风控。", IP(ip("198.51.100.23")),
     note="IPv4 before full-width comma")
case("ip", "zh", "内网行情服务器地址为 {} ，端口9001。", IP(ip("10.0.0.1")),
     note="octet 0 is allowed (no leading zero); port is not part of the entity")
case("ip", "zh", "交易终端 {} 与 {} 之间延迟过高。", IP(ip("192.168.1.100")), IP(ip("172.16.254.1")),
     note="two private IPv4 addresses")
case("ip", "zh", "请将DNS设置为{}或{}。", IP(ip("114.114.114.114")), IP(ip("223.5.5.5")),
     note="public DNS addresses")
case("ip", "zh", "子网掩码{}，网关{}。", IP(ip("255.255.255.0")), IP(ip("192.168.0.1")),
     note="a subnet mask is a dotted quad in range, so it is labelled too")
case("ip", "zh", "客户的IPv6地址是{}，请加入白名单。", IP(ip("2001:db8::1")),
     note="compressed IPv6")
case("ip", "zh", "本机链路地址 {} 不应出现在外网日志中。", IP(ip("fe80::1ff:fe23:4567:890a")),
     note="link-local IPv6 with :: compression")
case("ip", "zh", "阿里公共DNS的IPv6地址为{}。", IP(ip("2400:3200::1")),
     note="compressed IPv6 before 。")
case("ip", "zh", "登录日志显示地址{}（境外）。", IP(ip("8.8.8.8")),
     note="single-digit octets")
case("ip", "zh", "回环地址 {} 仅用于本机测试。", IP(ip("::1")),
     note="IPv6 loopback, :: at the start")
case("ip", "en", "Login from {} was blocked by the risk engine.", IP(ip("203.0.113.7")),
     note="IPv4 in English")
case("ip", "en", "The API gateway listens on {} port 8443.", IP(ip("172.31.5.250")),
     note="octet 250")
case("ip", "en", "Whitelisted addresses: {}, {} and {}", IP(ip("198.51.100.1")), IP(ip("203.0.113.255")), IP(ip("2001:db8:abcd:12::7")),
     note="list of IPv4 and IPv6 addresses")
case("ip", "en", "Full-form IPv6 {} appears in the audit log.", IP(ip("2001:0db8:85a3:0000:0000:8a2e:0370:7334")),
     note="uncompressed IPv6 with eight groups")
case("ip", "en", "Session started from {} (VPN exit node).", IP(ip("100.64.12.9")),
     note="carrier-grade NAT range")
case("ip", "en", "Suspicious IPv6 source {} made 40 failed attempts.", IP(ip("2408:8000:1010:1::8")),
     note="compressed IPv6, China Unicom style prefix")
case("ip", "en", "Upstream model server: {}", IP(ip("10.20.30.40")),
     note="IPv4 at end of text")
case("ip", "mixed", "客户登录 IP 是 {}，location 显示上海。", IP(ip("101.226.4.6")),
     note="IPv4 in mixed text")
case("ip", "mixed", "VPN 地址：{}，please 检查 ACL。", IP(ip("240c::6666")),
     note="short compressed IPv6")
case("ip", "mixed", "Server {} 宕机，已切换到 {}。", IP(ip("192.0.2.10")), IP(ip("192.0.2.11")),
     note="two documentation-range IPv4 addresses")
case("ip", "zh", "风控规则：同一IP {} 一小时内登录超过20个账户即预警。", IP(ip("121.40.1.199")),
     note="IPv4 in a risk rule description")

# ---------------------------------------------------------------------------
# Authentication data: password, card_security_code, card_expiry, one_time_code
# ---------------------------------------------------------------------------

case("password", "zh", "客户在电话里说他的交易密码是{}，已提醒其立即修改。", PW("852456"),
     note="value after 交易密码 + 是; stops at the full-width comma")
case("password", "zh", "登录密码：{}，请勿告诉他人。", PW("Abc!2024"),
     note="! inside the password is part of it")
case("password", "zh", "支付密码为 {}。", PW("135790"),
     note="filler 为 plus a space (2 scalars)")
case("password", "zh", "取款密码 {}，柜员已要求客户重置。", PW("246810"),
     note="value after one space")
case("password", "zh", "密码{}请尽快修改", PW("Zx9#mK2$"),
     note="no filler; value stops at the first CJK character")
case("password", "zh", "初始密码：{}。", PW("Tr@de#2024.Safe"),
     note="inner '.' belongs to the password; @ without a dotted domain is no email")
case("password", "en", "My password is {}, please reset it.", PW("Qw3rty!@#"),
     note="filler ' is ' (4 scalars); ASCII comma ends the value")
case("password", "en", "The PIN = {}.", PW("4821"),
     note="filler ' = '; trailing period not included")
case("password", "en", "passcode: {} (temporary)", PW("8d2F*kL9"),
     note="value ends at the space")
case("password", "en", "Customer read out his online banking password: {} over the phone.", PW("hunter2025"),
     note="value after 'password: '")
case("password", "mixed", "客户的 password 是 {}，已提示风险。", PW("P.ss-w0rd_88"),
     note="filler ' 是 ' (3 scalars); . - _ inside the password")
case("password", "mixed", "网银 PIN：{}，请立即冻结。", PW("9527"),
     note="4-character PIN, the minimum length")

case("cvv", "zh", "信用卡背面CVV：{}，请勿告知他人。", CSC("123"),
     note="CVV with full-width colon")
case("cvv", "en", "Card CVV2 {} was entered twice.", CSC("456"),
     note="CVV2 context; the 2 belongs to the context word")
case("cvv", "zh", "卡片CVN2为{}，客户已在电话中读出。", CSC("789"),
     note="CVN2 + 为")
case("cvv", "en", "CVC: {} (do not store).", CSC("321"),
     note="CVC context")
case("cvv", "zh", "安全码是 {}，已提醒客户挂失。", CSC("042"),
     note="leading zero kept")
case("cvv", "zh", "客户把卡背后三位 {} 发给了陌生人。", CSC("918"),
     note="context 卡背后三位")
case("cvv", "zh", "安全码：{}", CSC(fw("123")),
     note="full-width digits")
case("cvv", "en", "Amex CID/CVV {} must never be logged.", CSC("1234"),
     note="4-digit code")
case("cvv", "zh", "请输入卡片安全码 {} 完成支付。", CSC("7731"),
     note="4-digit security code")
case("cvv", "mixed", "客户把 CVV 是 {} 发在了聊天里。", CSC("556"),
     note="filler ' 是 '")

case("expiry", "zh", "该卡有效期至 {}，到期自动换卡。", EXP("12/2028"),
     note="MM/YYYY after 有效期至")
case("expiry", "en", "expiry: {}", EXP("03/29"),
     note="MM/YY after 'expiry:'")
case("expiry", "en", "The card expires {}, so please update it.", EXP("11/26"),
     note="context 'expires'")
case("expiry", "en", "Visa ending 1234, exp {}.", EXP("09-27"),
     note="MM-YY form; 'ending 1234' is not an entity")
case("expiry", "en", "Name on card and valid thru {} must match.", EXP("06/30"),
     note="context 'valid thru'")
case("expiry", "zh", "信用卡有效期为{}，客户已确认。", EXP("05/2029"),
     note="有效期 + 为")
case("expiry", "zh", "有效期 {}", EXP(fw("08") + "/" + fw("27")),
     note="full-width digits with ASCII slash")
case("expiry", "mixed", "卡片 expiry 是 {}，已过期。", EXP("10/25"),
     note="English context word in Chinese sentence")
case("expiry", "zh", "有效期：{}，请在到期前更新绑卡信息。", EXP("01/31"),
     note="month 01")
case("expiry", "zh", "公务卡有效期至{}。", EXP("12-27"),
     note="MM-YY after 有效期至 without filler")

case("otp", "zh", "验证码：{}，5分钟内有效，切勿告诉他人。", OTP("482913"),
     note="6-digit code; the 5 in 5分钟 is not a code")
case("otp", "zh", "您的动态码为{}。", OTP("5521"),
     note="4-digit code after 动态码 + 为")
case("otp", "zh", "短信码 {} 已发送至预留手机。", OTP("90318277"),
     note="8-digit code (maximum length)")
case("otp", "zh", "短信验证码是{}，请勿泄露。", OTP("883120"),
     note="短信验证码 contains the context word 验证码")
case("otp", "zh", "验证码{}", OTP(fw("123456")),
     note="full-width digits")
case("otp", "en", "OTP: {}", OTP("660284"),
     note="OTP with colon")
case("otp", "en", "Your verification code is {}. Do not share it.", OTP("314159"),
     note="filler ' is '; trailing period not included")
case("otp", "en", "Enter one-time code {} to confirm the transfer.", OTP("2718"),
     note="context 'one-time code'")
case("otp", "mixed", "客户把 OTP 是 {} 念给了自称客服的人。", OTP("774411"),
     note="filler ' 是 '")
case("otp", "zh", "支付校验码 {} 已失效，请重新获取。", OTP("7734"),
     note="context 校验码")

# ---------------------------------------------------------------------------
# person_name / client_id (dictionary matches)
# ---------------------------------------------------------------------------

case("name", "zh", "客户{}来电咨询基金定投事宜。", NAME("张伟"),
     note="Chinese name matched anywhere in Chinese text")
case("name", "zh", "理财经理{}已为客户完成风险评估。", NAME("王芳"),
     note="Chinese name between Chinese characters")
case("name", "zh", "{}、{}两位客户的资产配置方案已提交。", NAME("李娜"), NAME("刘洋"),
     note="two names separated by 、")
case("name", "zh", "{}先生持有的可转债将于下周到期。", NAME("欧阳明华"),
     note="four-character compound-surname name")
case("name", "zh", "请{}于周五前补交资产证明。", NAME("司马文博"),
     note="compound surname 司马")
case("name", "zh", "投诉人：{}；被投诉人：客户经理{}。", NAME("陈静"), NAME("杨帆"),
     note="two names in a complaint record")
case("name", "zh", "{}女士申请将账户升级为VIP。", NAME("赵敏"),
     note="name at text start")
case("name", "zh", "{}的私募合格投资者认证已通过。", NAME("高雅琴"),
     note="three-character name")
case("name", "en", "{} requested a copy of his annual statement.", NAME("John Smith"),
     note="English name at text start")
case("name", "en", "Portfolio review for {} and {} is scheduled for Monday.", NAME("Mary Johnson"), NAME("David Brown"),
     note="two English names")
case("name", "en", "Advisor: {}; client: {}.", NAME("Sarah Williams"), NAME("Michael Lee"),
     note="names before ; and .")
case("name", "en", "{}'s wealth plan was updated after the review.", NAME("Emily Davis"),
     note="possessive 's after the name (apostrophe is a boundary)")
case("name", "mixed", "客户 {} 的 KYC 材料已收齐。", NAME("James Wilson"),
     note="English name in Chinese sentence")
case("name", "mixed", "客户经理{} will follow up with {}。", NAME("郑志强"), NAME("Linda Martinez"),
     note="Chinese and English names")
case("name", "mixed", "{} called about her bond portfolio，已记录。", NAME("宋佳宁"),
     note="Chinese name followed by a space and English")
case("name", "mixed", "{}（客户）与{}（顾问）会面纪要。", NAME("Robert Taylor"), NAME("林晓峰"),
     note="English name before full-width parenthesis")
case("name", "mixed", "{} 和 {} 共同持有该基金份额。", NAME("Jennifer Clark"), NAME("周婷"),
     note="joint holders")

case("clientid", "zh", "客户号{}已完成年度回访。", CID("KH2024000123"),
     note="client id between Chinese characters")
case("clientid", "zh", "请为客户{}开通港股通权限。", CID("KH2023001876"),
     note="client id after 客户")
case("clientid", "zh", "客户编号：{}，风险等级C3。", CID("C00981234"),
     note="negative context 编号 does not suppress client_id")
case("clientid", "zh", "以下客户需要补充材料：{}、{}、{}。", CID("KH2022104455"), CID("KH2024100987"), CID("C00456712"),
     note="three client ids in a list")
case("clientid", "zh", "{}客户的专属经理已变更。", CID("VIP20240088"),
     note="client id at text start")
case("clientid", "zh", "客户代码 {} 的持仓报告已生成。", CID("ZQ2024050001"),
     note="client id between spaces")
case("clientid", "zh", "{}为私行客户。", CID("PB2023007788"),
     note="client id followed by Chinese")
case("clientid", "en", "Client {} requested a callback.", CID("KH2021000456"),
     note="client id in English")
case("clientid", "en", "Customer ID {} has an open complaint.", CID("C01230987"),
     note="C-prefixed client id")
case("clientid", "en", "Profiles {} and {} were merged.", CID("C00077321"), CID("C02468135"),
     note="two client ids")
case("clientid", "en", "Client id: {} (advisory mandate).", CID("FA00012345"),
     note="client id before parenthesis")
case("clientid", "en", "Please escalate {} to the institutional desk.", CID("JG2024000031"),
     note="institutional client id")
case("clientid", "mixed", "客户 {} 的 statement 已发送。", CID("KH2024031502"),
     note="client id in mixed text")
case("clientid", "mixed", "Client ID：{}，客户等级钻石。", CID("VIP20231275"),
     note="after full-width colon")
case("clientid", "mixed", "{} 客户 requested 赎回。", CID("ZQ2023120417"),
     note="client id at text start")
case("clientid", "mixed", "客户{} (legacy ID) 已迁移到新系统。", CID("C03300918"),
     note="client id glued to Chinese on the left")

# ---------------------------------------------------------------------------
# Several entity types in one text
# ---------------------------------------------------------------------------

case("multi", "zh", "客户{}（身份证{}，手机{}）申请绑定银行卡{}。",
     NAME("张伟"), ID(I["bj"]), MOB("13912345678"), CARD(B["icbc19"]),
     note="name, ID, mobile and bank card in one KYC sentence")
case("multi", "en", "KYC record: {}, passport {}, email {}, phone {}.",
     NAME("John Smith"), PP("E39284716"), EMAIL("john.smith@example.com"), MOB("+86 139 1234 5678"),
     note="name, passport, email and grouped mobile; john.smith in the email is not the name")
case("multi", "zh", "企业客户统一社会信用代码{}，联系人{}，邮箱{}。",
     USCC(U["ex"]), NAME("王芳"), EMAIL("wangfang@corp.example.cn"),
     note="USCC, name and email")
case("multi", "zh", "客户号{}于{}登录，短信验证码{}已发送。",
     CID("KH2024000123"), IP("203.0.113.45"), OTP("620519"),
     note="client id, IPv4 and one-time code (620519 is not a stock code here: it follows 验证码)")
case("multi", "zh", "信用卡{}，有效期{}，CVV2 {}，请勿转发。",
     CARD(grouped(B["cmbcc"])), EXP("08/27"), CSC("331"),
     note="card number, expiry and security code together")
case("multi", "en", "Client {} ({}) logged in from {} with OTP {}.",
     CID("KH2023001876"), NAME("Mary Johnson"), IP("2001:db8::1"), OTP("482913"),
     note="client id, name, IPv6 and one-time code")
case("multi", "zh", "{}的股东账户{}，资金账号{}，交易密码{}——客户全部发在了群里。",
     NAME("李娜"), SEC(S["sh1"]), SEC(S["f8"]), PW("Qa147258"),
     note="securities account, fund account and trading password; the em dash ends the password")
case("multi", "mixed", "Wire details：IBAN {}，beneficiary {}，联系邮箱 {}。",
     IBAN(grouped(IB["gb"])), NAME("David Brown"), EMAIL("d.brown@example.co.uk"),
     note="grouped IBAN, English name, email")
case("multi", "zh", "客户{}护照{}，手机{}，常用登录IP {}。",
     NAME("欧阳明华"), PP("EJ8736251"), MOB("+86-186-0011-2233"), IP("101.226.4.6"),
     note="name, passport, dash-grouped mobile with +86, IPv4")
case("multi", "en", "Card {} exp {}, CVC {}; cardholder {}.",
     CARD(B["mc5555"]), EXP("11/28"), CSC("902"), NAME("Emily Davis"),
     note="card, expiry, CVC and cardholder name")
case("multi", "zh", "开户资料：{}，身份证{}，一码通{}，邮箱{}。",
     NAME("黄磊"), ID(I["sz"]), SEC(S["ymt1"]), EMAIL("huanglei@example.com"),
     note="name, ID, one-stop account and email")
case("multi", "mixed", "客户{}的 login password 是 {}，OTP {}，请立即重置。",
     CID("C00981234"), PW("Sunny@2024"), OTP("9021"),
     note="client id, password and one-time code")
case("multi", "zh", "机构客户{}的对公IBAN {}，经办人{}手机{}。",
     USCC(U["shpd"]), IBAN(IB["de"]), NAME("孙浩"), MOB("15001234567"),
     note="USCC, IBAN, name and mobile")
case("multi", "en", "{} (client {}) asked us to send statements to {} and to call {}.",
     NAME("Michael Lee"), CID("VIP20240088"), EMAIL("mlee@example.com"), MOB("13800138000"),
     note="name, client id, email, mobile")

# ---------------------------------------------------------------------------
# Positives mixed with hard-negative look-alikes (partial entity lists)
# ---------------------------------------------------------------------------

case("partial", "zh", "客户{}于2024-11-28 09:30:00买入贵州茅台（600519）100股，成交价¥1,688.00。", NAME("马俊"),
     note="only the name: date, time, stock code, quantity and price are not entities")
assert MOBILE_RE.fullmatch("13812345678") and valid_passport("E39284716")
assert not valid_iban("DE88370400440532013000")
case("partial", "en", "Your order number 13812345678 belongs to client {}.", CID("KH2022104455"),
     note="the mobile-shaped order number is suppressed by 'order number'; the client id is not")
case("partial", "zh", "订单号13912345678的收货人手机为{}。", MOB("15001234567"),
     note="first mobile suppressed by 订单号; the second is 17 scalars after it and is a hit")
assert valid_bank(B["ccb19"])
case("partial", "zh", "流水号{}的款项已原路退回至客户银行卡{}。", B["ccb19"], CARD(B["abc19"]),
     note="Luhn-valid number after 流水号 is suppressed; the second card is far enough away")
case("partial", "en", "Gateway {} runs release 1.2.3 on port 443, build 2024.11.28.", IP("10.1.2.3"),
     note="IPv4 hit; version 1.2.3 and dotted build number are not IPs")
case("partial", "zh", "客户{}来电，称其手机{}收不到验证码。", NAME("朱琳"), MOB("13912345678"),
     note="验证码 without a value; name and mobile are hits")
case("partial", "zh", "股票代码600036，资金账号{}，委托价格35.20元，委托数量500股。", SEC("30551234"),
     note="only the fund account: stock code, price and quantity are not entities")
case("partial", "en", "Settlement date 20241128; card {} was charged 1,234.56 CNY (2.35% fee).", CARD(B["visa16"]),
     note="card hit; date, amount and percentage are not")
_wrong = I["sh"][:17] + ("0" if I["sh"][17] != "0" else "1")
assert not valid_id18(_wrong) and not ambiguous_digits(_wrong)
case("partial", "zh", "客户身份证{}，另一张证件号{}校验位错误。", ID(I["sh"]), _wrong,
     note="first ID valid; second has a wrong check digit and is not labelled")
case("partial", "zh", "客服电话95588、010-12345678均非手机号，客户手机为{}。", MOB("18612345678"),
     note="service number and Beijing landline are not cn_mobile")
case("partial", "en", "Email {} bounced; the fallback address support@localhost has no TLD.", EMAIL("ops@example.com"),
     note="support@localhost has no dotted domain with a 2+ letter last label")
case("partial", "zh", "合同号E39284716对应的客户护照为{}。", PP("G28475619"),
     note="passport-shaped contract number suppressed by 合同号; the real passport is more than 12 scalars later")
case("partial", "en", "IBAN {} is correct; DE88 3704 0044 0532 0130 00 fails the mod-97 check.", IBAN(grouped(IB["de"])),
     note="one valid IBAN, one with wrong check digits")
case("partial", "zh", "请勿泄露密码。客户的登录密码：{}", PW("Lm8$kq2P"),
     note="first 密码 has no value; second is followed by one")

# ---------------------------------------------------------------------------
# Hard negatives: no entity at all
# ---------------------------------------------------------------------------

def negative(cat, lang, text, note):
    assert "{}" not in text
    case("neg-" + cat, lang, text, note=note)


# --- prices, amounts, percentages -------------------------------------------
negative("price", "zh", "贵州茅台今日收盘价¥1,688.00，涨幅2.35%。", "price and percentage")
negative("price", "zh", "本基金单位净值1.2345元，累计净值3.4567元。", "fund NAV values")
negative("price", "en", "The stock closed at $12.35, up 2.35% on volume of 10000 shares.", "price, percentage, share count")
negative("price", "zh", "转账金额：50,000.00元，手续费：0.00元。", "amounts with thousands separators")
negative("price", "zh", "2024年前三季度营业收入1,234.56亿元，同比增长15.8%。", "revenue figures")
negative("price", "en", "Total AUM reached 1,234,567.89 USD as of 2024-09-30.", "amount and date")
negative("price", "zh", "本次分红每10股派发现金红利30.876元（含税）。", "dividend per 10 shares")
negative("price", "en", "Yield to maturity is 2.35%, coupon 3.10%, duration 4.27 years.", "bond metrics")
negative("price", "zh", "沪深300指数报3,912.45点，成交额8,765亿元。", "index level and turnover")
negative("price", "en", "Price target raised from 12.30 to 15.60; rating maintained at Buy.", "prices like 12.30 are not IPs")
negative("price", "zh", "年化收益率4.5%，期限365天，起购金额10000元。", "wealth product terms")
negative("price", "mixed", "EPS 为0.85元，P/E 约 23.4x，target price ¥168.00。", "valuation figures")
negative("price", "zh", "截至15:00，客户可用资金为128,450.32元，冻结资金1,200.00元。", "balances and time")

# --- quantities ------------------------------------------------------------------
negative("qty", "zh", "客户今日买入10000股，委托价格12.30元。", "10000股 is a quantity; 委托 without 号")
negative("qty", "zh", "该客户持有500手螺纹钢期货合约，保证金比例12%。", "futures lots")
negative("qty", "en", "Sell 2,500 shares at market and buy 300 lots of IF futures.", "quantities")
negative("qty", "zh", "网下申购上限为1,500万股，网上申购单位为500股。", "IPO quantities")

# --- dates and times ---------------------------------------------------------------
negative("date", "zh", "交易日期：2024-11-28，结算日期：2024年11月29日。", "dates in two formats")
negative("date", "en", "Settlement date 20241128, value date 20241129.", "8-digit dates")
negative("date", "zh", "集合竞价时间为09:15:00至09:25:00，连续竞价14:57结束。", "times are not IPv6")
negative("date", "en", "The meeting is at 13:45:00 Beijing time; trading halts at 14:57.", "times")
negative("date", "zh", "报告期为2024/01/01-2024/09/30，披露日为20241030。", "date range")
negative("date", "en", "Coupon dates: 03/15 and 09/15 each year until 2030.", "MM/DD dates with no expiry context")
negative("date", "zh", "申购期2024年12月2日至12月6日，每日9:30-15:00。", "Chinese dates and trading hours")
negative("date", "mixed", "Q3 财报将于 2024-10-30 发布，call 时间 20:00。", "date and time")

# --- six-digit security codes, fund and bond codes -----------------------------------
negative("code", "zh", "贵州茅台（600519）、平安银行（000001）今日涨幅居前。", "stock codes")
negative("code", "zh", "宁德时代300750与中芯国际688981均收涨。", "ChiNext and STAR codes")
negative("code", "zh", "北交所股票830799今日复牌。", "Beijing Stock Exchange code")
negative("code", "en", "Fund codes 510300 and 159915 track the CSI 300 and ChiNext indices.", "ETF codes")
negative("code", "zh", "国债019666、可转债113052、127045今日成交活跃。", "bond codes")
negative("code", "zh", "沪深两市ETF 510050、588000、159919成交额放大。", "ETF codes")
negative("code", "en", "Please compare 600036 (China Merchants Bank) with 601398 (ICBC).", "stock codes in English")
negative("code", "zh", "港股00700、09988及美股BABA同步下跌。", "HK stock codes and ticker")
negative("code", "zh", "股指期货IF2412、螺纹钢rb2501保证金比例上调。", "futures contract codes")
negative("code", "en", "ISIN CNE000001R84 identifies the A-share line of the issuer.", "ISIN is not an IBAN")
negative("code", "zh", "基金代码：161725，基金类型：指数型。", "fund code after 代码")
negative("code", "zh", "今天 A 股 000001 和 399001 都收红。", "index codes")

# --- order numbers and references (valid values suppressed by negative context) ------
for _v in ["13812345678", "13912345678", "13712345678", "18600001234", "15900001111"]:
    assert MOBILE_RE.fullmatch(_v)
for _v in [B["ccb19"], B["visa16"], B["mc16"], B["cmb16"], B["jcb16"], B["up18"]]:
    assert valid_bank(_v)
negative("order", "zh", "订单号13812345678已发货，请注意查收。", "valid mobile suppressed by 订单号")
negative("order", "zh", "您的快递单号为 13912345678，预计明日送达。", "valid mobile suppressed by 快递单号/单号")
negative("order", "zh", "流水号" + B["ccb19"] + "已记账。", "Luhn-valid 19-digit number suppressed by 流水号")
negative("order", "en", "Your order number 13712345678 has been confirmed.", "valid mobile suppressed by 'order number'")
negative("order", "en", "invoice " + B["visa16"] + " issued on 2024-11-28", "Luhn-valid card suppressed by 'invoice'")
negative("order", "en", "tracking: 15900001111, carrier SF Express", "valid mobile suppressed by 'tracking'")
negative("order", "zh", "交易号：" + B["mc16"] + "，状态：成功。", "Luhn-valid card suppressed by 交易号")
negative("order", "zh", "合同号E39284716已归档。", "valid passport shape suppressed by 合同号")
negative("order", "zh", "委托号0123456789已撤单。", "10-digit number after 委托号 (no account context either)")
negative("order", "zh", "订单编号202411281381234567已完成支付。", "18-digit order number containing a mobile-like run")
negative("order", "en", "Order 20241128000123456789 was filled at 09:30:01.", "20-digit order id")
negative("order", "en", "ref " + B["cmb16"] + " - chargeback pending", "Luhn-valid card suppressed by 'ref'")
negative("order", "en", "order id: 18600001234 shipped today", "valid mobile suppressed by 'order id'")
negative("order", "zh", "编号G28475619的档案已调阅。", "passport shape suppressed by 编号")
negative("order", "en", "reference " + grouped(B["jcb16"]) + " was settled.", "grouped Luhn-valid card suppressed by 'reference'")
negative("order", "zh", "证券账户变更，委托号A123450987已受理。", "securities context present but 委托号 immediately before suppresses it")
negative("order", "zh", "单号：" + B["up18"] + "，请勿重复提交。", "18-digit Luhn-valid number suppressed by 单号")
negative("order", "mixed", "客户问 order no 13712345678 什么时候发货。", "valid mobile suppressed by 'order no'")

# --- digit runs that contain a valid-looking value --------------------------------
negative("run", "zh", "系统批次2024113812345678001已完成对账。", "mobile-like digits inside a longer run")
negative("run", "en", "Trace 11038126712345678 was logged by the gateway.", "17-digit run starting with 1 containing a mobile")
negative("run", "zh", "条码6901234567891无法识别。", "13-digit barcode failing Luhn")
assert not luhn_ok("6901234567891")
negative("run", "zh", "会员号9" + B["icbc19"] + "已失效。", "a valid card preceded by another digit forms a 20-digit run")
negative("run", "en", "Batch " + I["bj"] + "7 contains an ID-shaped prefix.", "19-digit run containing an 18-digit ID")
negative("run", "zh", "日志编码X" + "13912345678" + "已忽略。", "mobile digits preceded by an ASCII letter")
negative("run", "zh", "设备序列号SN" + B["mc16"] + "已登记。", "card digits glued to ASCII letters")
negative("run", "en", "Token " + "13912345678" + "abc is not a phone number.", "mobile digits followed by letters")
negative("run", "zh", "客户号码" + fw("139123456789") + "多了一位。", "12 full-width digits: not a mobile")
negative("run", "en", "Hash 1a2b3c" + IB["de"][2:] + " appears in the log.", "IBAN digits inside a longer alnum run")
for _v in ["2024113812345678001", "11038126712345678", "9" + B["icbc19"], I["bj"] + "7"]:
    assert not valid_bank(_v) and not valid_id18(_v)

# --- ID card look-alikes --------------------------------------------------------------
def id_variant(area, date, seq):
    """An ID-shaped value with a correct check digit but possibly a bad date/area."""
    body = area + date + seq
    return body + id_check_char(body)


_id_wrong = I["bj"][:17] + ("1" if I["bj"][17] != "1" else "2")
_id_feb30 = id_variant("110105", "19900230", "123")
_id_00 = id_variant("000105", "19850612", "123")
_id_99 = id_variant("990105", "19850612", "123")
_id_17 = I["bj"][:17]
_id_19 = I["bj"] + "5"
_id_m13 = id_variant("310104", "19901301", "456")
_id_old_bad = "110105850230123"
_id_future = id_variant("110105", "20270101", "123")
_id_1899 = id_variant("230103", "18991231", "035")
_id_wrong_en = I["xa"][:17] + ("0" if I["xa"][17] != "0" else "3")
for _v in [_id_wrong, _id_feb30, _id_00, _id_99, _id_m13, _id_future, _id_1899, _id_wrong_en]:
    assert len(_v) == 18 and not valid_id18(_v) and not ambiguous_digits(_v) and not valid_uscc(_v), _v
assert not valid_id15(_id_old_bad) and not valid_bank(_id_old_bad)
assert len(_id_17) == 17 and len(_id_19) == 19 and not valid_bank(_id_17) and not valid_bank(_id_19)
negative("idcard", "zh", "客户身份证号" + _id_wrong + "校验位不正确，请重新提交。", "18-digit ID with wrong check digit")
negative("idcard", "en", "The ID " + _id_wrong_en + " failed the checksum validation.", "wrong check digit")
negative("idcard", "zh", "证件号码" + _id_feb30 + "的出生日期为2月30日，系统拒绝。", "Feb 30 birth date (check digit computed)")
negative("idcard", "zh", "测试数据" + _id_00 + "以00开头，不是有效地区码。", "province code 00")
negative("idcard", "en", "Synthetic ID " + _id_99 + " uses region 99.", "province code 99")
negative("idcard", "zh", "身份证号少了一位：" + _id_17 + "。", "17 digits")
negative("idcard", "zh", "身份证号多了一位：" + _id_19 + "。", "19 digits")
negative("idcard", "zh", "证件号" + _id_m13 + "中月份为13，无效。", "month 13")
negative("idcard", "zh", "旧身份证号" + _id_old_bad + "出生日期850230不存在。", "15-digit ID with Feb 30")
negative("idcard", "en", "ID " + _id_future + " has a birth date in 2027.", "birth date after 2026-11-29")
negative("idcard", "zh", "证件号" + _id_1899 + "出生于1899年，超出范围。", "birth date before 1900")
negative("idcard", "zh", "客户证件号" + fw(_id_wrong) + "核验失败。", "full-width ID with wrong check digit")

# --- bank card look-alikes ------------------------------------------------------------
_bad16 = bad_card("621483123412341")
_bad19 = bad_card("622202190012345678")
_bad19b = bad_card("622848001234567890")
_twenty = card("622202190012345678") + "4"
_nine = "955880123456789012" + luhn_digit("955880123456789012")
_two = "210012345678901" + luhn_digit("210012345678901")
_short = "62220212345" + luhn_digit("62220212345")
_long_grouped = grouped("62220212345678901237")
_bad_mc = bad_card("222100123456789")
assert not valid_bank(_twenty) and len(_twenty) == 20
assert luhn_ok(_nine) and not valid_bank(_nine) and len(_nine) == 19
assert luhn_ok(_two) and not valid_bank(_two) and len(_two) == 16
assert luhn_ok(_short) and len(_short) == 12 and not valid_bank(_short)
assert not valid_bank(_long_grouped.replace(" ", "")) and len(_long_grouped.replace(" ", "")) == 20
negative("card", "zh", "客户提供的卡号" + _bad16 + "校验失败，请重新确认。", "16 digits failing Luhn")
negative("card", "en", "Card " + _bad19 + " was rejected: invalid number.", "19 digits failing Luhn")
negative("card", "zh", "银行卡号：" + grouped(_bad19b) + "（校验未通过）", "grouped 19 digits failing Luhn")
negative("card", "zh", "系统中存有一串20位数字" + _twenty + "，不是卡号。", "20 digits")
negative("card", "zh", "旧存折号" + _nine + "以9开头。", "Luhn-valid 19 digits starting 9 (first digit not 3-6)")
negative("card", "en", "Number " + _two + " starts with 2100, outside the 2221-2720 range.", "Luhn-valid 16 digits starting 2100")
negative("card", "zh", "内部账号" + _short + "只有12位。", "Luhn-valid but only 12 digits")
negative("card", "en", "Grouped value " + _long_grouped + " has 20 digits.", "20 digits in groups of four")
negative("card", "mixed", "卡号 " + grouped(_bad_mc, "-") + " invalid，请客户重新输入。", "dash-grouped 16 digits failing Luhn")

# --- USCC look-alikes --------------------------------------------------------------------
_u_bad1 = bad_uscc("91110000600037341")
_u_bad2 = bad_uscc("91310115MA1FL8T3X")
_u_io = "91310115MA1FL8T3I" + "0"
_u_lower = U["ex"].lower()
assert _u_bad1 != U["ex"] and not valid_uscc(_u_io) and not valid_uscc(_u_lower)
negative("uscc", "zh", "统一社会信用代码" + _u_bad1 + "校验码错误。", "wrong USCC check character")
negative("uscc", "en", "USCC " + _u_bad2 + " does not pass GB 32100 validation.", "wrong USCC check character")
negative("uscc", "zh", "信用代码" + _u_io + "含有字母I，不合法。", "contains I, outside the USCC alphabet")
negative("uscc", "zh", "小写形式" + _u_lower + "不视为统一社会信用代码。", "lowercase letters are not accepted (uppercase only)")

# --- IBAN look-alikes ---------------------------------------------------------------------
negative("iban", "en", "IBAN " + bad_iban(grouped(IB["de"])) + " has wrong check digits.", "DE IBAN with wrong check digits")
negative("iban", "en", "Rejected beneficiary account " + bad_iban(IB["gb"]) + " (checksum).", "GB IBAN with wrong check digits")
negative("iban", "zh", "收款IBAN " + bad_iban(IB["fr"]) + "校验失败。", "FR IBAN with wrong check digits")
negative("iban", "en", "Lowercase de89370400440532013000 is not accepted as an IBAN.", "lowercase IBAN")

# --- passport look-alikes ---------------------------------------------------------------
for _v in ["E1234567", "EI1234567", "EO7654321", "G123456789", "E123456789", "P12345678"]:
    assert not valid_passport(_v)
negative("passport", "zh", "护照号E1234567少一位数字。", "E + 7 digits")
negative("passport", "en", "Passport EI1234567 uses the letter I, which is not issued.", "E + I + 7 digits")
negative("passport", "zh", "护照号码EO7654321不合规（字母O）。", "E + O + 7 digits")
negative("passport", "en", "G123456789 has nine digits and is not a passport number.", "G + 9 digits")
negative("passport", "zh", "外籍客户护照P12345678不属于中国护照格式。", "P + 8 digits")

# --- email look-alikes --------------------------------------------------------------------
negative("email", "en", "Send it to support@localhost for local testing.", "no dotted domain")
negative("email", "zh", "客户微博账号@wangfang_2024已实名认证。", "social handle, no local part")
negative("email", "en", "Write to service at example dot com.", "obfuscated address")
negative("email", "en", "Reply to desk@example.c1 is impossible.", "last label is not 2+ letters")

# --- IP look-alikes -------------------------------------------------------------------------
negative("ip", "en", "Address 256.1.1.1 is out of range.", "octet 256")
negative("ip", "en", "Sequence 1.2.3.4.5 is a dotted list, not an IP.", "five dotted parts")
negative("ip", "zh", "客户端版本1.2.3已停止维护，请升级到2.10.4。", "three-part version numbers")
negative("ip", "en", "Host 192.168.01.1 has a leading zero.", "leading zero octet")
negative("ip", "en", "Subnet 10.0.0 is incomplete.", "three octets")
negative("ip", "en", "Build v1.2.3.4 was released yesterday.", "dotted quad glued to a letter")
negative("ip", "zh", "行情时间戳13:45:00，撮合延迟12.30毫秒。", "time and decimal, not IPs")
negative("ip", "en", "Pattern 2001:db8:1 is not a complete IPv6 address.", "three groups without ::")
negative("ip", "zh", "iOS 17.1.2、Android 14.0均已适配。", "OS version numbers")

# --- mobile look-alikes ----------------------------------------------------------------------
negative("mobile", "zh", "号码12345678901以12开头，不是手机号。", "11 digits starting 12")
negative("mobile", "zh", "11012345678不是有效的手机号段。", "11 digits starting 11")
negative("mobile", "en", "Number 10086123456 starts with 10.", "11 digits starting 10")
negative("mobile", "zh", "总部电话010-12345678，传真021-87654321。", "landlines with area codes")
negative("mobile", "zh", "深圳营业部电话0755-12345678转8001。", "landline with extension")
negative("mobile", "en", "Call our hotline 400-820-8820 or 95588.", "hotline and service numbers")
negative("mobile", "zh", "手机号138123456789多了一位。", "12 digits starting 138")
negative("mobile", "en", "The number 1381234567 is one digit short.", "10 digits starting 138")
negative("mobile", "zh", "境外号码+852 2123 4567为香港座机。", "Hong Kong landline")
negative("mobile", "en", "Beijing office: +86 10 8888 6666", "+86 landline")

# --- securities-account look-alikes -----------------------------------------------------------
negative("secacct", "zh", "号码A382916045出现在导出的表格里。", "Shanghai format without context")
negative("secacct", "zh", "请核对0187654321这个号码。", "Shenzhen format without context")
negative("secacct", "en", "The batch list contains 180100234567 among other rows.", "12 digits without context")
negative("secacct", "zh", "股东账户信息已于本月完成年度核查，相关号码为A600219873。", "context word more than 12 scalars before the value")
negative("secacct", "zh", "股东账户12345678格式不对。", "8 digits is not a securities format after 股东账户 (only 资金账号/资金账户 allow 6-20)")
negative("secacct", "zh", "资金账号12345不足6位。", "5 digits after 资金账号")
negative("secacct", "en", "Row 0603217845 in the spreadsheet has no label.", "10 digits without context")
negative("secacct", "zh", "一码通账户查询结果：无。", "context word without a value")

# --- authentication context without a value ---------------------------------------------------
negative("auth", "zh", "请勿向任何人泄露密码。", "密码 with no value")
negative("auth", "zh", "短信验证码已发送，请注意查收。", "验证码 with no value")
negative("auth", "en", "Never share your OTP with anyone.", "OTP with no digits after it")
negative("auth", "en", "Bank staff will never ask for your password.", "password followed by a period only")
negative("auth", "en", "CVV 12 is too short to be valid.", "2-digit security code")
negative("auth", "zh", "验证码 123 位数不够。", "3-digit one-time code")
negative("auth", "zh", "验证码1234567890过长，不是验证码。", "10 digits after 验证码 (longer than 8)")
negative("auth", "zh", "该卡有效期至2027年12月。", "expiry not in MM/YY form")
negative("auth", "zh", "有效期13/27不正确。", "month 13")
negative("auth", "zh", "密码：123，太短。", "3-character password is below the minimum")
negative("auth", "zh", "忘记登录密码可通过APP重置。", "密码 followed by CJK")
negative("auth", "zh", "动态码5分钟内有效。", "one digit after 动态码")

# --- names and client-id near misses -----------------------------------------------------------
negative("name", "zh", "客户张薇与王芬的资料已归档。", "names not in the dictionary")
negative("name", "en", "John Smithson and Mary Johnsonn are different people.", "dictionary names followed by letters")
negative("name", "en", "Smith John filed the report.", "reversed order is not a dictionary entry")
negative("name", "en", "J. Smith signed the form as a witness.", "initial plus surname is not a dictionary entry")
negative("clientid", "zh", "客户号KH20240001234多了一位。", "client id followed by an extra digit")
negative("clientid", "en", "Client KH202400012 is truncated.", "truncated client id")
negative("clientid", "en", "Code XKH2024000123 has a leading letter.", "client id preceded by a letter")
negative("clientid", "zh", "客户号C009812345格式错误。", "C-id followed by an extra digit")

# --- versions, years, misc -------------------------------------------------------------------
negative("misc", "en", "Switchboard v2.10.4 was released in 2024 with 99.95% uptime.", "version, year, percentage")
negative("misc", "zh", "2023年、2024年和2025年的目标收益率分别为3%、3.5%和4%。", "years and percentages")
negative("misc", "en", "HTTP 200, latency 35 ms, request size 1024 bytes.", "small numbers")
negative("misc", "zh", "风险等级C4，适合投资R1-R4产品。", "risk ratings")
negative("misc", "en", "Model qwen2.5-72b served 12,345 requests at 1.2.0.", "model name and version")
negative("misc", "zh", "本产品为R2级，投资期限36个月，预计2027年到期。", "product terms")

# ---------------------------------------------------------------------------
# More mixed-language cases (Chinese/English code-switching is common in
# broker and bank chat logs)
# ---------------------------------------------------------------------------

case("mixed", "mixed", "客户 {} 的 mobile 是 {}，please call back。", NAME("David Brown"), MOB("13612345678"),
     note="English name and mobile in mixed text")
case("mixed", "mixed", "Card 已绑定：{}，status normal。", CARD(grouped(B["ccbvisa"])),
     note="space-grouped card after full-width colon")
case("mixed", "mixed", "请把 statement 发到 {}，cc 给 RM。", EMAIL("statements@wealth.example.cn"),
     note="email in mixed text")
case("mixed", "mixed", "开户 checklist：身份证 {} 已 verified。", ID(I["nj"]),
     note="ID in mixed text")
case("mixed", "mixed", "企业 KYB：USCC {}，legal rep 已面签。", USCC(U["sz"]),
     note="USCC in mixed text")
case("mixed", "mixed", "Login IP {} 触发了 geo-fencing 规则。", IP("119.29.29.29"),
     note="IPv4 in mixed text")
case("mixed", "mixed", "收款 IBAN：{}，currency EUR。", IBAN(IB["it"]),
     note="compact Italian IBAN; EUR after the comma is separate")
case("mixed", "mixed", "客户 passport {} 将于 next month 过期。", PP("G61728394"),
     note="G passport in mixed text")
case("mixed", "mixed", "深市 account：{}，已开通 ChiNext。", SEC(S["sz3"]),
     note="Shenzhen format after 'account'")
case("mixed", "mixed", "短信 OTP：{}，valid for 5 分钟。", OTP("305127"),
     note="'valid for' is not the expiry context 'valid thru'")
case("mixed", "mixed", "信用卡 exp {}，CVV {}，客户在 chat 里发的。", EXP("07/28"), CSC("615"),
     note="expiry and security code")
case("mixed", "mixed", "客户 {} 的 risk profile 已更新为 C4。", CID("KH2024100987"),
     note="client id in mixed text")
case("mixed", "mixed", "VIP 客户{}的 portfolio 需要 rebalance。", NAME("何静怡"),
     note="Chinese name in mixed text")
case("mixed", "mixed", "请 verify 手机 {} 是否为本人。", MOB("+86 158 0000 9999"),
     note="+86 grouped mobile")
case("mixed", "mixed", "Mobile banking 交易密码 {} 被客户发在工单里。", PW("Ab12cd34"),
     note="password after 交易密码 and a space")
case("mixed", "mixed", "客户 {} 从 {} 登录后修改了 email 为 {}。", CID("KH2020117733"), IP("2408:8000:1010:1::8"), EMAIL("lin.xf@example.com"),
     note="client id, IPv6 and email")
case("mixed", "mixed", "Beneficiary {}，卡号 {}，swift code ICBKCNBJ。", NAME("Linda Martinez"), CARD(B["boc19"]),
     note="name and card; SWIFT code is not an entity")
case("mixed", "mixed", "资金账户 {} 今日 T+0 transfer out 5 万。", SEC(S["f13"]),
     note="13-digit fund account; T+0 and 5 are not entities")

negative("mixed", "mixed", "今天 CSI 300 涨了 1.25%，turnover 约 8,765 亿。", "index, percentage, amount")
negative("mixed", "mixed", "Order no. 之类的字段不要填手机号。", "negative context word without any value")
negative("mixed", "mixed", "请在 10:30 之前提交 Q4 budget，金额 1,200,000 元。", "time and amount")
negative("mixed", "mixed", "客户问 600519 的 PE ratio 是多少。", "stock code")
negative("mixed", "mixed", "App version 3.2.1 已上线，支持 iOS 17。", "version number")
negative("mixed", "mixed", "Settlement T+1，交收日 2024-12-02。", "settlement cycle and date")
negative("mixed", "mixed", "订单 order id 202411280001 已 cancel。", "12-digit order id without account context")
negative("mixed", "mixed", "请勿在 chat 里发送 password 或验证码。", "auth words without values")
negative("mixed", "mixed", "合同号 HT-2024-0088 已 archived。", "contract number")
negative("mixed", "mixed", "Fund 510300 的 NAV 为 3.912 元。", "fund code and NAV")
negative("mixed", "mixed", "客户的 IP 地址 256.300.1.1 明显无效，please ignore。", "octets out of range")
negative("mixed", "mixed", "Luhn check failed：卡号 " + bad_card("436742123456789") + " 无效。", "16 digits failing Luhn")
negative("mixed", "mixed", "身份证 " + _id_wrong_en + " checksum 不对。", "ID with wrong check digit")
negative("mixed", "mixed", "IBAN " + bad_iban(grouped(IB["gb"])) + " 校验失败。", "grouped IBAN with wrong check digits")
negative("mixed", "mixed", "Landline 021-6888 8888 不是手机。", "Shanghai landline")
negative("mixed", "mixed", "股东账户 info 已于 2024 年 11 月 28 日完成年检，no change。", "securities context word without a value")
negative("mixed", "mixed", "Passport 号码 E1234567 少一位，请客户 re-upload。", "E + 7 digits")
negative("mixed", "mixed", "Please 确认 12345678901 这个 number 是否有效。", "11 digits starting 12")

# ---------------------------------------------------------------------------
# Checks and output
# ---------------------------------------------------------------------------

TYPES = ["cn_id_card", "cn_mobile", "bank_card", "cn_uscc", "securities_account", "email", "iban",
         "cn_passport", "ip_address", "password", "card_security_code", "card_expiry",
         "one_time_code", "person_name", "client_id"]
CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]")


def has_fullwidth(s):
    return any(0xFF10 <= ord(c) <= 0xFF19 or 0xFF21 <= ord(c) <= 0xFF3A or 0xFF41 <= ord(c) <= 0xFF5A for c in s)


def check_entity_value(e):
    """Validate each labelled value on its own, independently of the scanner."""
    t, v = e["type"], normalize(e["text"])
    if t == "cn_id_card":
        assert valid_id18(v) or valid_id15(v), e
    elif t == "cn_mobile":
        m = re.fullmatch(r"(?:(?:\+86|0086|86)[ -]?)?(1[3-9]\d)(?:([ -]?)(\d{4})\2(\d{4}))", v)
        assert m, e
    elif t == "bank_card":
        assert re.fullmatch(r"\d+(?:([ -])\d+)*", v), e
        groups = re.split(r"[ -]", v)
        assert all(len(g) == 4 for g in groups[:-1]) and 1 <= len(groups[-1]) <= (19 if len(groups) == 1 else 4), e
        assert valid_bank("".join(groups)), e
    elif t == "cn_uscc":
        assert valid_uscc(v), e
    elif t == "securities_account":
        assert re.fullmatch(r"A\d{9}|0\d{9}|\d{12}|\d{6,20}", v), e
    elif t == "email":
        assert EMAIL_RE.fullmatch(v), e
    elif t == "iban":
        assert valid_iban(v) and (" " not in v or re.fullmatch(r"(?:[A-Z0-9]{4} )+[A-Z0-9]{1,4}", v)), e
    elif t == "cn_passport":
        assert valid_passport(v), e
    elif t == "ip_address":
        assert valid_ipv4(v) or (("::" in v or v.count(":") == 7) and valid_ipv6(v)), e
    elif t == "password":
        assert 4 <= len(v) <= 32 and all(0x21 <= ord(c) <= 0x7E and c not in ",;" for c in e["text"]), e
        assert v[-1] not in ".,", e
    elif t == "card_security_code":
        assert re.fullmatch(r"\d{3,4}", v), e
    elif t == "card_expiry":
        assert re.fullmatch(r"(?:0[1-9]|1[0-2])(?:/\d{2}|/\d{4}|-\d{2})", v), e
    elif t == "one_time_code":
        assert re.fullmatch(r"\d{4,8}", v), e
    elif t == "person_name":
        assert e["text"] in CN_NAMES + EN_NAMES, e
    elif t == "client_id":
        assert e["text"] in CLIENT_IDS, e
    else:
        raise AssertionError(e)


def check_dictionaries():
    allnames = CN_NAMES + EN_NAMES
    assert len(set(allnames)) == len(allnames) and len(set(CLIENT_IDS)) == len(CLIENT_IDS)
    for a in allnames:
        for b in allnames:
            assert a == b or a not in b, (a, b)
    for c in CLIENT_IDS:
        assert re.fullmatch(r"[A-Z]+\d+", c), c
        # a client id must not also be another entity type
        assert scan(c, DEFAULT_MODE) == [("client_id", 0, len(c))], c
        assert scan(c, DEFAULT_MODE, client_ids=[]) == [], c


def check_case(c):
    text = c["text"]
    assert c["lang"] in ("zh", "en", "mixed"), c["id"]
    spans = []
    for e in c["entities"]:
        assert e["type"] in TYPES, e
        assert text[e["start"]:e["end"]] == e["text"], (c["id"], e)
        check_entity_value(e)
        spans.append((e["start"], e["end"]))
    spans.sort()
    for (a, b), (x, y) in zip(spans, spans[1:]):
        assert b <= x, ("overlapping entities", c["id"])
    # language label sanity
    has_cjk = CJK.search(text) is not None
    if c["lang"] == "en":
        assert not has_cjk, c["id"]
    elif c["lang"] == "zh":
        assert has_cjk, c["id"]
    else:
        assert has_cjk and re.search(r"[A-Za-z]{2,}", text), c["id"]
    # the reference scanner must agree with the labels under every reading of the rules
    expected = sorted((e["type"], e["start"], e["end"]) for e in c["entities"])
    for mode in ALL_MODES:
        got = scan(text, mode)
        assert got == expected, "%s: %r\n  expected %r\n  got      %r\n  mode %r" % (c["id"], text, expected, got, mode)


def main():
    check_dictionaries()
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))
    for c in CASES:
        check_case(c)

    counts = {t: 0 for t in TYPES}
    cases_with = {t: 0 for t in TYPES}
    for c in CASES:
        for e in c["entities"]:
            counts[e["type"]] += 1
        for t in {e["type"] for e in c["entities"]}:
            cases_with[t] += 1
    negatives = sum(1 for c in CASES if not c["entities"])
    multi = sum(1 for c in CASES if len({e["type"] for e in c["entities"]}) >= 3)
    fullwidth = sum(1 for c in CASES if has_fullwidth(c["text"]))
    langs = {l: sum(1 for c in CASES if c["lang"] == l) for l in ("zh", "en", "mixed")}

    assert len(CASES) >= 330, len(CASES)
    assert negatives >= 110, negatives
    for t in TYPES[:9]:
        assert cases_with[t] >= 20, (t, cases_with[t])
    for t in TYPES[9:13]:
        assert cases_with[t] >= 10, (t, cases_with[t])
    for t in TYPES[13:]:
        assert cases_with[t] >= 15, (t, cases_with[t])
    assert fullwidth >= 15, fullwidth

    with open(os.path.join(HERE, "cases.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for c in CASES:
            f.write(json.dumps(c, ensure_ascii=False) + "\n")
    with open(os.path.join(HERE, "names.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(CN_NAMES + EN_NAMES) + "\n")
    with open(os.path.join(HERE, "client_ids.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(CLIENT_IDS) + "\n")

    print("cases: %d (zh %d, en %d, mixed %d)" % (len(CASES), langs["zh"], langs["en"], langs["mixed"]))
    print("negatives (no entity): %d; cases with 3+ entity types: %d; cases with full-width text: %d"
          % (negatives, multi, fullwidth))
    print("%-20s %8s %8s" % ("type", "entities", "cases"))
    for t in TYPES:
        print("%-20s %8d %8d" % (t, counts[t], cases_with[t]))


if __name__ == "__main__":
    main()
