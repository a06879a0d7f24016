import Foundation
import Testing
@testable import Privacy

/// The recognizers one by one: hits with their exact spans (Unicode scalar offsets), and the
/// look-alikes they must leave alone.
@Suite("Privacy scanner")
struct PrivacyScannerTests {
    let scanner = PrivacyScanner()

    func found(_ text: String, scanner: PrivacyScanner? = nil) -> [String] {
        (scanner ?? self.scanner).scan(text).entities.map { "\($0.type.rawValue):\($0.text)" }
    }

    @Test("validators: MOD 11-2, Luhn, GB 32100 and mod 97 on known values")
    func validators() {
        #expect(ISO7064Mod11_2.isValid(ArraySlice("11010519491231002X".utf8)))
        #expect(ISO7064Mod11_2.isValid(ArraySlice("11010519491231002x".utf8)))
        #expect(!ISO7064Mod11_2.isValid(ArraySlice("110105194912310021".utf8)))
        #expect(Luhn.isValid(ArraySlice("4111111111111111".utf8)))
        #expect(!Luhn.isValid(ArraySlice("4111111111111112".utf8)))
        #expect(GB32100Check.isValid(ArraySlice("91110000600037341L".utf8)))
        #expect(!GB32100Check.isValid(ArraySlice("91110000600037341M".utf8)))
        #expect(ISO13616Mod97.isValid(ArraySlice("DE89370400440532013000".utf8)))
        #expect(!ISO13616Mod97.isValid(ArraySlice("DE88370400440532013000".utf8)))
        #expect(ChecksumValidator.luhn.isValid("4111 1111 1111 1111"))
    }

    @Test("cn_id_card: check character, date and region; wrong check digit, Feb 30 and bad region are not hits")
    func identityNumbers() {
        #expect(found("身份证号11010519491231002X。") == ["cn_id_card:11010519491231002X"])
        #expect(found("旧证号 110105491231002 仍有效") == ["cn_id_card:110105491231002"])
        #expect(found("身份证号110105194912310021") == [], "wrong check digit")
        #expect(found("身份证号110105194902300023") == [], "no 30 February")
        #expect(found("证号99010519491231002X") == [], "no region 99")
        #expect(found("流水1101051949123100201") == [], "inside a longer run")
    }

    @Test("cn_mobile: prefixes, grouping and full-width digits; landlines and longer runs are not hits")
    func mobiles() {
        #expect(found("手机13812345678") == ["cn_mobile:13812345678"])
        #expect(found("call +86 138 1234 5678 now") == ["cn_mobile:+86 138 1234 5678"])
        #expect(found("电话0086-13812345678") == ["cn_mobile:0086-13812345678"])
        #expect(found("手机 138-1234-5678") == ["cn_mobile:138-1234-5678"])
        let fullWidth = "手机１３８１２３４５６７８号"
        let entity = scanner.scan(fullWidth).entities.first
        #expect(entity?.type == .cnMobile)
        #expect(entity?.start == 2 && entity?.end == 13, "offsets are Unicode scalars of the original text")
        #expect(found("座机010-12345678") == [])
        #expect(found("编号12813812345678901") == [])
        #expect(found("订单号 13812345678") == [], "a negative context word suppresses it")
    }

    @Test("bank_card: Luhn, grouping; Luhn failures and order numbers are not hits")
    func bankCards() {
        #expect(found("卡号6222021234567890128") == ["bank_card:6222021234567890128"])
        #expect(found("card 4111 1111 1111 1111.") == ["bank_card:4111 1111 1111 1111"])
        #expect(found("卡号6222021234567890127") == [])
        #expect(found("订单号6222021234567890128") == [])
        #expect(found("流水 20241128000123456") == [])
    }

    @Test("cn_uscc, iban, email, ip_address, cn_passport")
    func otherFormats() {
        #expect(found("统一社会信用代码91110000600037341L") == ["cn_uscc:91110000600037341L"])
        #expect(found("IBAN DE89 3704 0044 0532 0130 00 please") == ["iban:DE89 3704 0044 0532 0130 00"])
        #expect(found("IBAN DE88 3704 0044 0532 0130 00") == [])
        #expect(found("邮箱zhang.wei@example.com。") == ["email:zhang.wei@example.com"])
        #expect(found("server 10.0.0.12, gateway fe80::1ff:fe23:4567:890a") == ["ip_address:10.0.0.12", "ip_address:fe80::1ff:fe23:4567:890a"])
        #expect(found("version 1.2.3 at 13:45:00 costs 12.30, 256.1.1.1") == [])
        #expect(found("护照E12345678") == ["cn_passport:E12345678"])
    }

    @Test("securities_account only next to a context word")
    func securitiesAccounts() {
        #expect(found("股东账户A123456789") == ["securities_account:A123456789"])
        #expect(found("深市证券账户：0123456789") == ["securities_account:0123456789"])
        #expect(found("资金账号 88001234") == ["securities_account:88001234"])
        #expect(found("编码A123456789") == [])
        #expect(found("数量0123456789") == [])
    }

    @Test("authentication data: values right after their context words")
    func authenticationData() {
        #expect(found("交易密码是Abc123!@，请保管") == ["password:Abc123!@"])
        #expect(found("CVV 123, 有效期 12/28") == ["card_security_code:123", "card_expiry:12/28"])
        #expect(found("验证码：834921") == ["one_time_code:834921"])
        #expect(found("my password is hunter22.") == ["password:hunter22"])
        #expect(found("请勿向任何人泄露密码") == [])
        #expect(scanner.scan("验证码：834921").level == .authentication4)
    }

    @Test("prices, quantities, dates, times and stock codes are not flagged")
    func hardNegatives() {
        let text = "贵州茅台600519收于1,688.50元，成交12000手，涨2.35%。2024-11-28 14:57:00 委托买入500股，价格¥12.35，订单号20241128000123。"
        #expect(found(text) == [])
        #expect(scanner.scan(text).level == .public1)
    }

    @Test("dictionaries (Aho–Corasick) and keywords; English entries need word boundaries")
    func dictionariesAndKeywords() {
        let scanner = PrivacyScanner(
            dictionary: [("张伟", .personName), ("John Smith", .personName), ("KH2024000123", .clientID)],
            keywords: [KeywordCategory(name: "confidential_marking", words: ["机密"], level: .sensitive3)])
        #expect(found("客户张伟（KH2024000123）与John Smith见面", scanner: scanner) == ["person_name:张伟", "client_id:KH2024000123", "person_name:John Smith"])
        #expect(found("John Smithson", scanner: scanner) == [])
        let result = scanner.scan("本文件机密")
        #expect(result.keywords.map(\.category) == ["confidential_marking"])
        #expect(result.level == .sensitive3)
    }

    @Test("custom recognizers: pattern, validator and required context")
    func customRecognizers() throws {
        let recognizer = try CustomRecognizer(type: EntityType(rawValue: "employee_id"), pattern: "EMP[0-9]{6}", validator: nil, context: ["工号"])
        let scanner = PrivacyScanner(custom: [recognizer], levels: LevelMap.defaults.merging([EntityType(rawValue: "employee_id"): .internal2]))
        #expect(found("工号EMP123456", scanner: scanner) == ["employee_id:EMP123456"])
        #expect(found("产品EMP123456", scanner: scanner) == [])
        #expect(scanner.scan("工号EMP123456").level == .internal2)
        #expect(throws: (any Error).self) { try CustomRecognizer(type: EntityType(rawValue: "x"), pattern: "([", validator: nil, context: []) }
    }

    @Test("a text's level follows the level map for built-in, dictionary and unmapped types")
    func levelsFollowTheMap() {
        let vip = EntityType(rawValue: "vip_name")
        let scanner = PrivacyScanner(
            dictionary: [(text: "王董事长", type: vip), (text: "李四", type: EntityType(rawValue: "unmapped_name"))],
            levels: LevelMap.defaults.merging([.email: .authentication4, vip: .internal2]))
        #expect(scanner.scan("请联系 li.na@example.com").level == .authentication4, "email raised to L4 by the map")
        #expect(scanner.scan("王董事长来电").level == .internal2, "a dictionary type at its mapped level")
        #expect(scanner.scan("李四来电").level == .sensitive3, "a type the map does not name counts as L3")
        #expect(scanner.scan("王董事长来电，手机13812345678").level == .sensitive3, "the highest level found")
    }

    @Test("Aho–Corasick finds overlapping patterns through failure links; ASCII patterns only at word starts")
    func ahoCorasick() {
        let automaton = AhoCorasick(patterns: ["he", "she", "his", "hers", "密码", "交易密码"])
        let matches = automaton.matches(in: Array("she HERS his ushers 交易密码".utf8))
        #expect(matches.map(\.pattern) == [1, 0, 3, 2, 5, 4], "he inside she and ushers is not a word start")
        #expect(matches.first?.range == 0..<3)
    }

    @Test("the date that bounds identity numbers is the clock's day in China time")
    func calendarToday() {
        #expect(CalendarDate.yyyymmdd(daysSinceEpoch: 0) == 19_700_101)
        #expect(CalendarDate.yyyymmdd(daysSinceEpoch: -1) == 19_691_231)
        #expect(CalendarDate.yyyymmdd(daysSinceEpoch: 11_016) == 20_000_229)
        #expect(CalendarDate.yyyymmdd(daysSinceEpoch: 20_786) == 20_261_129)
        #expect(CalendarDate.yyyymmdd(daysSinceEpoch: 47_541) == 21_000_301)
        // 16:30 UTC is half past midnight in China.
        #expect(CalendarDate.chinaDate(of: Date(timeIntervalSince1970: 1_796_056_200)) == 20_261_201)
        #expect(CalendarDate.chinaDate(of: Date(timeIntervalSince1970: 1_796_056_200 - 3_600)) == 20_261_130)
    }

    @Test("an identity number born after the scanner's today is not one; the day comes from the scanner's clock")
    func birthDateBoundFollowsTheClock() {
        let number = "110105202701011238"   // born 2027-01-01, valid check digit
        let before = PrivacyScanner(clock: { Date(timeIntervalSince1970: 1_796_000_000) })   // 2026-11-30
        let after = PrivacyScanner(clock: { Date(timeIntervalSince1970: 1_800_000_000) })    // 2027-01-15
        #expect(before.scan("证件号 \(number)").entities.isEmpty)
        #expect(after.scan("证件号 \(number)").entities.map(\.type) == [.cnIDCard])
    }
}
