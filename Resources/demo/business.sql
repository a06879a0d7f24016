-- Switchboard demo business database (SQLite, UTF-8).
--
--   sqlite3 switchboard-data/demo.db < Resources/demo/business.sql
--
-- FICTIONAL DEMO DATA. 本文件为演示数据，内容为虚构。
-- * Clients, names, branches, accounts, balances, orders and wealth products are invented.
--   Any resemblance to real persons or products is coincidental. The institution 明川证券
--   (Mingchuan Securities) is fictional.
-- * Securities codes are real A-shares taken from Resources/securities/cn-a-shares.csv; the
--   cost and order prices are illustrative, not market data.
-- * Snapshot: Friday 2026-11-27, 14:30 +08:00, during the afternoon session. `bought_today`
--   counts shares bought (filled) on 2026-11-27, which cannot be sold before T+1.
-- * Money and prices are TEXT decimal strings with two decimals, to stay exact.
-- * clients.professional = 1 means a professional investor (suitability: PROFESSIONAL, whatever
--   risk_level says); clients.lowest_category = 1 means the lowest category of C1 (C1_LOWEST).
--
-- The script drops and recreates its tables, so it can be run again on the same file. It has
-- no BEGIN/COMMIT of its own, so a caller may run it inside its own transaction.

PRAGMA foreign_keys = ON;
PRAGMA encoding = 'UTF-8';

DROP TABLE IF EXISTS orders;
DROP TABLE IF EXISTS positions;
DROP TABLE IF EXISTS accounts;
DROP TABLE IF EXISTS products;
DROP TABLE IF EXISTS clients;

CREATE TABLE clients (
    client_id       TEXT PRIMARY KEY,
    name            TEXT,
    risk_level      TEXT CHECK (risk_level IN ('C1','C2','C3','C4','C5')),
    lowest_category INTEGER NOT NULL DEFAULT 0,
    professional    INTEGER NOT NULL DEFAULT 0,
    branch          TEXT,
    opened_on       TEXT
);

CREATE TABLE accounts (
    account_id TEXT PRIMARY KEY,
    client_id  TEXT REFERENCES clients,
    kind       TEXT CHECK (kind IN ('cash','margin')),
    currency   TEXT,
    cash       TEXT
);

CREATE TABLE positions (
    client_id    TEXT REFERENCES clients,
    code         TEXT,
    quantity     INTEGER,
    bought_today INTEGER NOT NULL DEFAULT 0,
    cost_price   TEXT,
    PRIMARY KEY (client_id, code)
);

CREATE TABLE orders (
    order_id  TEXT PRIMARY KEY,
    client_id TEXT REFERENCES clients,
    code      TEXT,
    side      TEXT CHECK (side IN ('buy','sell')),
    quantity  INTEGER,
    price     TEXT,
    status    TEXT CHECK (status IN ('filled','partially_filled','cancelled','rejected','pending')),
    placed_at TEXT
);

CREATE TABLE products (
    product_code   TEXT PRIMARY KEY,
    name           TEXT,
    kind           TEXT,
    risk_level     TEXT CHECK (risk_level IN ('R1','R2','R3','R4','R5')),
    min_investment TEXT,
    annual_fee     TEXT,
    term           TEXT,
    summary        TEXT
);

CREATE INDEX accounts_client_id  ON accounts (client_id);
CREATE INDEX positions_client_id ON positions (client_id);
CREATE INDEX positions_code      ON positions (code);
CREATE INDEX orders_client_id    ON orders (client_id);
CREATE INDEX orders_code         ON orders (code);
CREATE INDEX orders_placed_at    ON orders (placed_at);

-- Clients: fictional people. C-1005 is in the lowest category (C1, never above R1);
-- C-1006 is a professional investor; C-1011 is an ordinary C1.
INSERT INTO clients (client_id, name, risk_level, lowest_category, professional, branch, opened_on) VALUES
    ('C-1001', '林晓雯', 'C3', 0, 0, '上海浦东营业部',   '2015-03-18'),
    ('C-1002', '周志远', 'C4', 0, 0, '北京金融街营业部', '2009-06-02'),
    ('C-1003', '陈雨桐', 'C2', 0, 0, '深圳福田营业部',   '2019-11-07'),
    ('C-1004', '赵文博', 'C5', 0, 0, '杭州西湖营业部',   '2011-04-21'),
    ('C-1005', '王淑芬', 'C1', 1, 0, '上海浦东营业部',   '2007-08-15'),
    ('C-1006', '何俊凯', 'C5', 0, 1, '深圳福田营业部',   '2013-01-09'),
    ('C-1007', '孙丽娟', 'C3', 0, 0, '成都天府营业部',   '2016-05-30'),
    ('C-1008', '郑思源', 'C4', 0, 0, '北京金融街营业部', '2020-07-14'),
    ('C-1009', '刘婉清', 'C2', 0, 0, '杭州西湖营业部',   '2021-03-03'),
    ('C-1010', '邵明轩', 'C3', 0, 0, '上海浦东营业部',   '2018-09-26'),
    ('C-1011', '冯书瑶', 'C1', 0, 0, '成都天府营业部',   '2023-02-20'),
    ('C-1012', '吴建平', 'C4', 0, 0, '深圳福田营业部',   '2010-12-06');

-- Accounts: one CNY cash account each; margin accounts for four experienced clients.
INSERT INTO accounts (account_id, client_id, kind, currency, cash) VALUES
    ('AC-1001-01', 'C-1001', 'cash',   'CNY', '86420.35'),
    ('AC-1002-01', 'C-1002', 'cash',   'CNY', '152308.90'),
    ('AC-1002-02', 'C-1002', 'margin', 'CNY', '48650.00'),
    ('AC-1003-01', 'C-1003', 'cash',   'CNY', '35872.14'),
    ('AC-1004-01', 'C-1004', 'cash',   'CNY', '218905.62'),
    ('AC-1004-02', 'C-1004', 'margin', 'CNY', '120000.00'),
    ('AC-1005-01', 'C-1005', 'cash',   'CNY', '412660.08'),
    ('AC-1006-01', 'C-1006', 'cash',   'CNY', '1286044.71'),
    ('AC-1006-02', 'C-1006', 'margin', 'CNY', '305118.40'),
    ('AC-1007-01', 'C-1007', 'cash',   'CNY', '27315.66'),
    ('AC-1008-01', 'C-1008', 'cash',   'CNY', '9842.30'),
    ('AC-1009-01', 'C-1009', 'cash',   'CNY', '58107.93'),
    ('AC-1010-01', 'C-1010', 'cash',   'CNY', '14620.05'),
    ('AC-1011-01', 'C-1011', 'cash',   'CNY', '23480.00'),
    ('AC-1012-01', 'C-1012', 'cash',   'CNY', '96772.18'),
    ('AC-1012-02', 'C-1012', 'margin', 'CNY', '12506.27');

-- Positions at the snapshot. Codes are from the securities master. Odd balances:
-- 601088 350 (main board, 50 odd), 300015 2350 (ChiNext, 50 odd), 688169 150 (STAR, a
-- balance under 200 that must be sold in one order). STAR 688041 350 is a valid STAR holding
-- (200 and then 1-share steps). bought_today > 0 only for buys filled on 2026-11-27.
INSERT INTO positions (client_id, code, quantity, bought_today, cost_price) VALUES
    ('C-1001', '600036', 1500,   0, '41.26'),
    ('C-1001', '000333',  800,   0, '72.40'),
    ('C-1001', '600900', 2000,   0, '27.85'),
    ('C-1001', '300059', 1200,   0, '24.63'),

    ('C-1002', '300750',  300,   0, '352.18'),
    ('C-1002', '688981',  400, 200, '111.75'),
    ('C-1002', '002594',  600,   0, '98.42'),
    ('C-1002', '600030', 3000,   0, '27.36'),
    ('C-1002', '601899', 5000,   0, '21.15'),

    ('C-1003', '601398', 10000,  0, '6.82'),
    ('C-1003', '600900', 1000,   0, '28.10'),
    ('C-1003', '601088',  350,   0, '38.44'),

    ('C-1004', '688041',  350,   0, '196.85'),
    ('C-1004', '300308',  200,   0, '341.50'),
    ('C-1004', '688012',  400,   0, '186.30'),
    ('C-1004', '002475', 1500,   0, '52.88'),
    ('C-1004', '300124',  700, 200, '68.92'),
    ('C-1004', '600519',  100,   0, '1452.00'),

    ('C-1005', '601398', 3000,   0, '5.96'),
    ('C-1005', '601288', 2000,   0, '4.87'),

    ('C-1006', '688111',  300,   0, '286.50'),
    ('C-1006', '688981', 1000,   0, '112.40'),
    ('C-1006', '300760',  400,   0, '231.75'),
    ('C-1006', '920982',  300,   0, '268.40'),
    ('C-1006', '000858', 1000,   0, '118.90'),
    ('C-1006', '601318', 3000,   0, '54.62'),

    ('C-1007', '000651', 1000,   0, '39.85'),
    ('C-1007', '600887', 2000,   0, '27.64'),
    ('C-1007', '002415', 1500,   0, '29.92'),
    ('C-1007', '601166', 2000,   0, '19.48'),

    ('C-1008', '002594',  400,   0, '103.56'),
    ('C-1008', '688008',  200,   0, '119.00'),
    ('C-1008', '601012', 3000,   0, '18.74'),
    ('C-1008', '300015', 2350,   0, '12.68'),
    ('C-1008', '603259',  500,   0, '88.10'),

    ('C-1009', '601988', 5000,   0, '5.31'),
    ('C-1009', '600036',  600,   0, '42.05'),
    ('C-1009', '601728', 3000,   0, '6.74'),

    ('C-1010', '600276',  800,   0, '58.92'),
    ('C-1010', '000001', 5000,   0, '11.36'),
    ('C-1010', '600309',  300,   0, '71.50'),
    ('C-1010', '688169',  150,   0, '176.40'),

    ('C-1011', '601939', 2000,   0, '8.95'),
    ('C-1011', '600028', 3000,   0, '5.72'),

    ('C-1012', '600519',  200,   0, '1468.30'),
    ('C-1012', '000568',  500,   0, '128.76'),
    ('C-1012', '601899', 4000,   0, '24.90'),
    ('C-1012', '002475', 1000,   0, '54.20'),
    ('C-1012', '600941',  500,   0, '101.35');

-- Orders from 2026-11-16 to the snapshot (exchange time, +08:00, inside trading sessions).
-- quantity is the quantity ordered. Rejections, for the demo:
--   ORD-20261117-002  STAR buy of 100 shares (below the 200-share minimum)
--   ORD-20261123-002  sell of 800 with 600 held
--   ORD-20261127-005  sell of 400 with 400 held but 200 bought today (T+1: 200 sellable)
INSERT INTO orders (order_id, client_id, code, side, quantity, price, status, placed_at) VALUES
    ('ORD-20261116-001', 'C-1001', '300059', 'buy',   400, '24.58',   'filled',           '2026-11-16T09:41:12+08:00'),
    ('ORD-20261116-002', 'C-1002', '688981', 'buy',   200, '109.20',  'filled',           '2026-11-16T10:05:33+08:00'),
    ('ORD-20261116-003', 'C-1006', '601318', 'sell', 1000, '56.10',   'filled',           '2026-11-16T13:22:08+08:00'),
    ('ORD-20261117-001', 'C-1004', '300308', 'buy',   200, '341.50',  'filled',           '2026-11-17T09:32:47+08:00'),
    ('ORD-20261117-002', 'C-1008', '688008', 'buy',   100, '119.00',  'rejected',         '2026-11-17T10:14:20+08:00'),
    ('ORD-20261117-003', 'C-1008', '688008', 'buy',   200, '119.00',  'filled',           '2026-11-17T10:15:02+08:00'),
    ('ORD-20261117-004', 'C-1010', '600276', 'sell',  200, '61.20',   'cancelled',        '2026-11-17T14:11:45+08:00'),
    ('ORD-20261118-001', 'C-1012', '600519', 'buy',   100, '1461.00', 'filled',           '2026-11-18T09:35:19+08:00'),
    ('ORD-20261118-002', 'C-1007', '601166', 'buy',  1000, '19.52',   'filled',           '2026-11-18T10:48:06+08:00'),
    ('ORD-20261118-003', 'C-1003', '601398', 'sell', 2000, '7.18',    'filled',           '2026-11-18T13:45:30+08:00'),
    ('ORD-20261119-001', 'C-1002', '601899', 'sell', 1000, '22.80',   'filled',           '2026-11-19T09:50:11+08:00'),
    ('ORD-20261119-002', 'C-1009', '601728', 'buy',  1000, '6.71',    'filled',           '2026-11-19T11:02:54+08:00'),
    ('ORD-20261119-003', 'C-1006', '920982', 'buy',   100, '265.00',  'filled',           '2026-11-19T14:20:37+08:00'),
    ('ORD-20261120-001', 'C-1004', '688012', 'buy',   300, '188.00',  'partially_filled', '2026-11-20T09:31:05+08:00'),
    ('ORD-20261120-002', 'C-1010', '688169', 'buy',   200, '172.00',  'cancelled',        '2026-11-20T10:30:18+08:00'),
    ('ORD-20261120-003', 'C-1001', '000333', 'sell',  200, '74.80',   'filled',           '2026-11-20T14:35:12+08:00'),
    ('ORD-20261123-001', 'C-1011', '600028', 'buy',  1000, '5.70',    'filled',           '2026-11-23T09:45:23+08:00'),
    ('ORD-20261123-002', 'C-1009', '600036', 'sell',  800, '42.60',   'rejected',         '2026-11-23T10:06:51+08:00'),
    ('ORD-20261123-003', 'C-1012', '000568', 'buy',   200, '127.50',  'filled',           '2026-11-23T13:08:44+08:00'),
    ('ORD-20261124-001', 'C-1002', '300750', 'buy',   100, '348.60',  'filled',           '2026-11-24T10:02:17+08:00'),
    ('ORD-20261124-002', 'C-1006', '000858', 'sell',  500, '121.30',  'partially_filled', '2026-11-24T14:40:09+08:00'),
    ('ORD-20261125-001', 'C-1007', '002415', 'buy',   500, '29.70',   'filled',           '2026-11-25T09:38:55+08:00'),
    ('ORD-20261125-002', 'C-1004', '002475', 'sell',  500, '55.60',   'cancelled',        '2026-11-25T11:15:40+08:00'),
    ('ORD-20261126-001', 'C-1001', '600900', 'buy',   500, '28.02',   'filled',           '2026-11-26T10:20:31+08:00'),
    ('ORD-20261126-002', 'C-1008', '002594', 'buy',   200, '101.80',  'filled',           '2026-11-26T13:55:16+08:00'),
    ('ORD-20261126-003', 'C-1012', '601899', 'sell', 1000, '25.60',   'filled',           '2026-11-26T14:21:08+08:00'),
    ('ORD-20261126-004', 'C-1010', '000001', 'buy',  1000, '11.42',   'filled',           '2026-11-26T14:48:27+08:00'),
    ('ORD-20261127-001', 'C-1002', '688981', 'buy',   200, '114.30',  'filled',           '2026-11-27T09:36:40+08:00'),
    ('ORD-20261127-002', 'C-1004', '300124', 'buy',   200, '69.10',   'filled',           '2026-11-27T10:12:03+08:00'),
    ('ORD-20261127-003', 'C-1007', '000651', 'sell',  500, '41.20',   'pending',          '2026-11-27T13:30:22+08:00'),
    ('ORD-20261127-004', 'C-1006', '688111', 'buy',   200, '284.00',  'pending',          '2026-11-27T13:48:50+08:00'),
    ('ORD-20261127-005', 'C-1002', '688981', 'sell',  400, '116.00',  'rejected',         '2026-11-27T14:05:19+08:00');

-- Wealth products: all fictional (明川 is an invented brand). Fees are yearly, in percent of
-- assets; the structured note and private fund notes are explained in their summaries.
INSERT INTO products (product_code, name, kind, risk_level, min_investment, annual_fee, term, summary) VALUES
    ('WP-0001', '明川添利货币市场基金A', 'money_market_fund', 'R1', '1.00', '0.40%',
     '开放式，交易日可申购赎回，普通赎回T+1到账',
     '主要投资于短期货币市场工具的货币市场基金，流动性较好，但它不是存款，不保证基金一定盈利，也不保证最低收益。'),
    ('WP-0002', '明川短债30天持有期债券型基金', 'bond_fund', 'R2', '10.00', '0.55%',
     '每笔份额持有满30天后可赎回',
     '主要投资于剩余期限较短的债券和货币市场工具，力求控制净值波动，但净值仍可能下跌。'),
    ('WP-0003', '明川稳健增强债券型基金A', 'bond_fund', 'R2', '10.00', '0.80%',
     '开放式，交易日可申购赎回',
     '以高等级信用债和利率债为主，另以不超过基金资产20%的比例投资可转债和股票，净值会随市场波动。'),
    ('WP-0004', '明川双利平衡混合型基金', 'mixed_fund', 'R3', '100.00', '1.40%',
     '开放式，交易日可申购赎回，赎回费随持有期递减',
     '股票资产占基金资产的30%至65%，其余投资于债券和货币市场工具，在股债之间动态配置，净值可能出现较大波动。'),
    ('WP-0005', '明川科技先锋股票型基金', 'equity_fund', 'R4', '100.00', '1.40%',
     '开放式，交易日可申购赎回',
     '不低于80%的基金资产投资于科技主题股票，净值波动大，适合能承受较大回撤的投资者。'),
    ('WP-0006', '明川沪深300指数增强基金A', 'index_fund', 'R4', '10.00', '1.00%',
     '开放式，交易日可申购赎回',
     '以沪深300指数为基准进行指数化投资并辅以量化增强，力求跟踪误差可控，但会随股票市场同步涨跌。'),
    ('WP-0007', '明川鑫链中证500雪球结构收益凭证2026年第12期', 'structured_note', 'R4', '100000.00', '0.00%',
     '最长24个月；第3个月起每月观察敲出，期间不可赎回',
     '收益与中证500指数表现挂钩的非保本浮动收益凭证，发生敲入且到期未敲出时可能损失部分乃至全部本金，费用已含在产品定价中。'),
    ('WP-0008', '明川远航成长1号私募证券投资基金', 'private_fund', 'R5', '1000000.00', '1.50%',
     '封闭期6个月，之后每月开放一次申购赎回',
     '仅面向合格投资者的私募证券投资基金，主要投资A股成长型股票，另按超额收益的20%计提业绩报酬，流动性和净值波动风险较高。'),
    ('WP-0009', '明川养老目标日期2045三年持有期混合型基金中基金（FOF）', 'fof', 'R3', '1.00', '0.90%',
     '每笔份额最短持有3年',
     '按目标日期2045年逐步降低权益类资产比例的基金中基金，适合为养老做长期准备的投资者，持有期内不能赎回。'),
    ('WP-0010', '明川同业存单指数7天持有期基金', 'bond_index_fund', 'R2', '10.00', '0.30%',
     '每笔份额持有满7天后可赎回',
     '跟踪同业存单指数、投资于高信用等级同业存单的指数基金，波动较低，但净值可能下跌，不等同于存款。');
