import Plugins
import Testing
import Wire

/// The JSON Schema validator that checks plugin (tool) arguments before a plugin runs.
@Suite("JSON Schema validator")
struct JSONSchemaValidatorTests {
    /// The violations of `value` against `schema`, as `path: message` lines.
    func violations(_ schema: String, _ value: String) throws -> [String] {
        let validator = try JSONSchemaValidator(schema: try JSONValue.parse(schema))
        return validator.validate(try JSONValue.parse(value)).map(\.description)
    }

    /// The message of the error thrown for `schema`, or nil when it is accepted.
    func schemaError(_ schema: String) throws -> String? {
        let value = try JSONValue.parse(schema)
        do {
            _ = try JSONSchemaValidator(schema: value)
            return nil
        } catch {
            return error.message
        }
    }

    // MARK: type

    @Test("type: each JSON type passes and fails", arguments: [
        (#"{"type":"string"}"#, #""text""#, [String]()),
        (#"{"type":"string"}"#, "12", ["$: expected a string, found an integer"]),
        (#"{"type":"number"}"#, "1.5", []),
        (#"{"type":"number"}"#, "7", []),
        (#"{"type":"number"}"#, #""1.5""#, ["$: expected a number, found a string"]),
        (#"{"type":"integer"}"#, "3", []),
        (#"{"type":"integer"}"#, "[3]", ["$: expected an integer, found an array"]),
        (#"{"type":"boolean"}"#, "false", []),
        (#"{"type":"boolean"}"#, "0", ["$: expected a boolean, found an integer"]),
        (#"{"type":"null"}"#, "null", []),
        (#"{"type":"null"}"#, "{}", ["$: expected null, found an object"]),
        (#"{"type":"array"}"#, "[]", []),
        (#"{"type":"array"}"#, "null", ["$: expected an array, found null"]),
        (#"{"type":"object"}"#, "{}", []),
        (#"{"type":"object"}"#, "[]", ["$: expected an object, found an array"]),
        (#"{"type":["string","null"]}"#, "null", []),
        (#"{"type":["string","null"]}"#, "1.5", ["$: expected a string or null, found a number"]),
        (#"{"type":["string","integer","null"]}"#, "true", ["$: expected a string, an integer or null, found a boolean"]),
    ])
    func types(schema: String, value: String, expected: [String]) throws {
        #expect(try violations(schema, value) == expected)
    }

    @Test("integer means a whole value; number accepts integers", arguments: [
        ("1", true), ("-7", true), ("0", true), ("1.0", true), ("1e2", true), ("1E+2", true),
        ("100e-2", true), ("-2.50e1", true), ("-2.55e1", false), ("1.5", false), ("1e-2", false), ("0.0", true),
        ("12345678901234567890123456789012345678901234567890", true),
    ])
    func integers(literal: String, whole: Bool) throws {
        let integer = try violations(#"{"type":"integer"}"#, literal)
        #expect(integer == (whole ? [] : ["$: expected an integer, found a number"]))
        #expect(try violations(#"{"type":"number"}"#, literal).isEmpty)
    }

    @Test("booleans are never numbers")
    func booleansAreNotNumbers() throws {
        #expect(try violations(#"{"type":"number"}"#, "true") == ["$: expected a number, found a boolean"])
        #expect(try violations(#"{"type":"integer"}"#, "false") == ["$: expected an integer, found a boolean"])
        #expect(try violations(#"{"enum":[1, 0]}"#, "true") == ["$: must be one of 1, 0"])
        #expect(try violations(#"{"const":0}"#, "false") == ["$: must be 0"])
        // Numeric limits only apply to numbers; a boolean is not compared with them.
        #expect(try violations(#"{"minimum":5}"#, "true").isEmpty)
    }

    @Test("a value of the wrong type is not checked further")
    func wrongTypeStops() throws {
        let schema = #"{"type":"object","required":["a"],"properties":{"a":{"type":"string"}},"enum":[{"a":"x"}],"minItems":3}"#
        #expect(try violations(schema, #"[1,2]"#) == ["$: expected an object, found an array"])
        let nested = #"{"type":"object","properties":{"items":{"type":"array","items":{"type":"string"}}}}"#
        #expect(try violations(nested, #"{"items":{"0":1}}"#) == ["$.items: expected an array, found an object"])
    }

    // MARK: objects

    @Test("required names each missing property at the object's path")
    func required() throws {
        let schema = #"{"type":"object","properties":{"expression":{"type":"string"}},"required":["expression","places"]}"#
        #expect(try violations(schema, #"{"expression":"1+1","places":2}"#).isEmpty)
        #expect(try violations(schema, #"{"places":2}"#) == ["$: the property 'expression' is required"])
        #expect(try violations(schema, "{}") == [
            "$: the property 'expression' is required",
            "$: the property 'places' is required",
        ])
    }

    @Test("additionalProperties false lists the allowed names")
    func additionalPropertiesFalse() throws {
        let schema = #"{"type":"object","properties":{"expression":{"type":"string"}},"additionalProperties":false}"#
        #expect(try violations(schema, #"{"expression":"2*3"}"#).isEmpty)
        #expect(try violations(schema, #"{"expression":"2*3","extra":true,"unit price":1}"#) == [
            "$.extra: is not an allowed property (allowed: expression)",
            #"$["unit price"]: is not an allowed property (allowed: expression)"#,
        ])
        #expect(try violations(#"{"additionalProperties":false}"#, #"{"a":1}"#) == [
            "$.a: is not an allowed property (no properties are allowed)",
        ])
    }

    @Test("additionalProperties as a schema checks the other properties; true allows them")
    func additionalPropertiesSchema() throws {
        let schema = #"{"properties":{"name":{"type":"string"}},"additionalProperties":{"type":"number"}}"#
        #expect(try violations(schema, #"{"name":"x","a":1,"b":2.5}"#).isEmpty)
        #expect(try violations(schema, #"{"name":"x","a":"1"}"#) == ["$.a: expected a number, found a string"])
        #expect(try violations(#"{"properties":{"a":{}},"additionalProperties":true}"#, #"{"z":1}"#).isEmpty)
    }

    @Test("violations deep inside objects and arrays carry their full path")
    func nestedPaths() throws {
        let schema = #"""
        {"type":"object","properties":{
          "holding":{"type":"object","properties":{"total":{"type":"number","minimum":0}},"required":["total"]},
          "codes":{"type":"array","items":{"type":"string","pattern":"^[0-9]{6}$"}},
          "lots":{"type":"array","items":{"type":"object","properties":{"qty":{"type":"integer"}}}},
          "代码":{"type":"string"}
        }}
        """#
        #expect(try violations(schema, #"{"holding":{"total":-1},"codes":["600519","000001","BAD"],"lots":[{"qty":1},{"qty":"2"}],"代码":1}"#) == [
            "$.codes[2]: must match the pattern ^[0-9]{6}$",
            "$.holding.total: must be at least 0",
            "$.lots[1].qty: expected an integer, found a string",
            "$.代码: expected a string, found an integer",
        ])
        #expect(try violations(schema, #"{"holding":{}}"#) == ["$.holding: the property 'total' is required"])
    }

    // MARK: arrays

    @Test("items, minItems and maxItems")
    func arrays() throws {
        let schema = #"{"type":"array","items":{"type":"integer"},"minItems":1,"maxItems":3}"#
        #expect(try violations(schema, "[1,2,3]").isEmpty)
        #expect(try violations(schema, "[]") == ["$: must have at least 1 item, found 0"])
        #expect(try violations(schema, "[1,2,3,4]") == ["$: must have at most 3 items, found 4"])
        #expect(try violations(schema, #"[1,"two",3.5]"#) == [
            "$[1]: expected an integer, found a string",
            "$[2]: expected an integer, found a number",
        ])
        #expect(try violations(#"{"minItems":2}"#, "[1]") == ["$: must have at least 2 items, found 1"])
        #expect(try violations(#"{"items":false}"#, "[]").isEmpty)
        #expect(try violations(#"{"items":false}"#, "[0]") == ["$[0]: no value is allowed here"])
    }

    // MARK: enum and const

    @Test("enum and const compare JSON values, numbers by value")
    func enumAndConst() throws {
        let side = #"{"type":"string","enum":["buy","sell"]}"#
        #expect(try violations(side, #""sell""#).isEmpty)
        #expect(try violations(side, #""hold""#) == [#"$: must be one of "buy", "sell""#])
        #expect(try violations(#"{"enum":[1,"1",null]}"#, "1.0").isEmpty)
        #expect(try violations(#"{"enum":[1,"1",null]}"#, "2") == [#"$: must be one of 1, "1", null"#])
        #expect(try violations(#"{"const":{"a":[1,2]}}"#, #"{"a":[1,2.0]}"#).isEmpty)
        #expect(try violations(#"{"const":{"a":[1,2]}}"#, #"{"a":[2,1]}"#) == [#"$: must be {"a":[1,2]}"#])
        #expect(try violations(#"{"const":"CNY"}"#, #""USD""#) == [#"$: must be "CNY""#])
        #expect(try violations(#"{"const":100}"#, "1e2").isEmpty)
    }

    // MARK: numbers

    @Test("minimum, maximum and their exclusive forms", arguments: [
        (#"{"minimum":0.01}"#, "0.01", [String]()),
        (#"{"minimum":0.01}"#, "0.009", ["$: must be at least 0.01"]),
        (#"{"maximum":100}"#, "100", []),
        (#"{"maximum":100}"#, "100.5", ["$: must be at most 100"]),
        (#"{"exclusiveMinimum":0}"#, "0.0001", []),
        (#"{"exclusiveMinimum":0}"#, "0", ["$: must be greater than 0"]),
        (#"{"exclusiveMinimum":0}"#, "-0.0", ["$: must be greater than 0"]),
        (#"{"exclusiveMaximum":1e2}"#, "99.99", []),
        (#"{"exclusiveMaximum":1e2}"#, "100", ["$: must be less than 1e2"]),
        (#"{"minimum":1,"maximum":3}"#, "-5", ["$: must be at least 1"]),
    ])
    func numberLimits(schema: String, value: String, expected: [String]) throws {
        #expect(try violations(schema, value) == expected)
    }

    @Test("limits compare exact decimals, where Double would round", arguments: [
        // The same decimal as the limit is never outside it.
        (#"{"minimum":0.1}"#, "0.1", [String]()),
        (#"{"minimum":0.1}"#, "0.10", []),
        // 0.30000000000000001 and 0.3 are the same Double, but different decimals:
        // as a decimal it is above 0.3, so it breaks both an inclusive and an exclusive maximum…
        (#"{"exclusiveMaximum":0.3}"#, "0.30000000000000001", ["$: must be less than 0.3"]),
        (#"{"maximum":0.3}"#, "0.30000000000000001", ["$: must be at most 0.3"]),
        // …and satisfies an exclusive minimum of 0.3 (Double would say it equals 0.3).
        (#"{"exclusiveMinimum":0.3}"#, "0.30000000000000001", []),
        (#"{"exclusiveMaximum":0.3}"#, "0.29999999999999999", []),
        (#"{"minimum":0.1}"#, "0.09999999999999999999", ["$: must be at least 0.1"]),
        // Integers above 2^53 are distinct even though Double merges them.
        (#"{"maximum":9007199254740992}"#, "9007199254740993", ["$: must be at most 9007199254740992"]),
        (#"{"maximum":9007199254740992}"#, "9007199254740992", []),
    ])
    func decimalLimits(schema: String, value: String, expected: [String]) throws {
        #expect(try violations(schema, value) == expected)
    }

    // MARK: strings

    @Test("minLength and maxLength count Unicode scalars, so Chinese characters count one each", arguments: [
        ("上海市", true),
        ("贵州茅台", true),
        ("中国平安保险", false),
        ("茅", false),
        ("ab", true),
    ])
    func chineseLengths(text: String, valid: Bool) throws {
        let schema = #"{"type":"string","minLength":2,"maxLength":4}"#
        let found = try violations(schema, JSONValue.string(text).encodedString)
        #expect(found.isEmpty == valid)
    }

    @Test("lengths are scalars, not bytes or grapheme clusters")
    func scalarLengths() throws {
        #expect(try violations(#"{"maxLength":3}"#, #""中国人""#).isEmpty)
        #expect(try violations(#"{"maxLength":3}"#, #""中国人民""#) == ["$: must be at most 3 characters long, found 4"])
        // "é" written as e + combining acute accent: one character on screen, two scalars.
        #expect(try violations(#"{"maxLength":1}"#, #""e\u0301""#) == ["$: must be at most 1 character long, found 2"])
        // A flag is two regional-indicator scalars.
        #expect(try violations(#"{"minLength":3}"#, #""🇨🇳""#) == ["$: must be at least 3 characters long, found 2"])
        // Lengths only apply to strings.
        #expect(try violations(#"{"maxLength":1}"#, "12345").isEmpty)
    }

    @Test("patterns use the ECMA-262 features schemas write, and match code points, not grapheme clusters")
    func patternDialect() throws {
        #expect(try violations(#"{"pattern":"^(?=.*[0-9])(?:SH|SZ)[0-9]{6}$"}"#, #""SH600519""#).isEmpty)
        #expect(try violations(#"{"pattern":"^\\p{Han}{2,4}$"}"#, #""茅台""#).isEmpty)
        #expect(try violations(#"{"pattern":"^\\p{Han}{2,4}$"}"#, #""Moutai""#) == ["$: must match the pattern ^\\p{Han}{2,4}$"])
        #expect(try violations(#"{"pattern":"^.$"}"#, #""e\u0301""#) == ["$: must match the pattern ^.$"])
        #expect(try violations(#"{"pattern":"^..$"}"#, #""e\u0301""#).isEmpty)
    }

    @Test("one compiled pattern answers many concurrent checks alike")
    func patternConcurrently() async throws {
        let validator = try JSONSchemaValidator(schema: try JSONValue.parse(#"{"type":"string","pattern":"^[0-9]{6}$"}"#))
        let results = await withTaskGroup(of: Bool.self, returning: [Bool].self) { group in
            for index in 0..<200 {
                group.addTask { validator.validate(.string(index.isMultiple(of: 2) ? "600519" : "60051x")).isEmpty }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 100)
    }

    @Test("pattern is an unanchored search")
    func pattern() throws {
        #expect(try violations(#"{"pattern":"[0-9]{3}"}"#, #""code 600519 SH""#).isEmpty)
        #expect(try violations(#"{"pattern":"^[0-9]{6}$"}"#, #""600519 SH""#) == ["$: must match the pattern ^[0-9]{6}$"])
        #expect(try violations(#"{"pattern":"^[0-9]{6}$"}"#, #""600519""#).isEmpty)
        #expect(try violations(#"{"pattern":"股份"}"#, #""贵州茅台酒股份有限公司""#).isEmpty)
        #expect(try violations(#"{"pattern":"x"}"#, "1").isEmpty)
    }

    @Test("format date accepts YYYY-MM-DD when it is a real Gregorian date", arguments: [
        "2024-02-29", "2023-02-28", "2000-02-29", "1999-12-31",
    ])
    func validDates(text: String) throws {
        #expect(try violations(#"{"type":"string","format":"date"}"#, "\"\(text)\"").isEmpty)
    }

    @Test("impossible or malformed dates are named", arguments: [
        ("2023-02-29", "$: must be a real calendar date (2023-02-29 does not exist)"),
        ("1900-02-29", "$: must be a real calendar date (1900-02-29 does not exist)"),
        ("2024-04-31", "$: must be a real calendar date (2024-04-31 does not exist)"),
        ("2024-13-01", "$: must be a real calendar date (2024-13-01 does not exist)"),
        ("2024-00-10", "$: must be a real calendar date (2024-00-10 does not exist)"),
        ("2024-2-1", "$: must be a date in the form YYYY-MM-DD, e.g. 2024-03-15"),
        ("2024/02/01", "$: must be a date in the form YYYY-MM-DD, e.g. 2024-03-15"),
        ("2024-02-01T00:00:00Z", "$: must be a date in the form YYYY-MM-DD, e.g. 2024-03-15"),
        ("２０２４-02-01", "$: must be a date in the form YYYY-MM-DD, e.g. 2024-03-15"),
    ])
    func invalidDates(text: String, message: String) throws {
        #expect(try violations(#"{"type":"string","format":"date"}"#, "\"\(text)\"") == [message])
    }

    @Test("format time is HH:MM:SS on a 24-hour clock", arguments: [
        ("00:00:00", true), ("09:30:00", true), ("23:59:59", true),
        ("24:00:00", false), ("12:60:00", false), ("12:00:60", false), ("9:30:00", false),
        ("09:30", false), ("09:30:00Z", false), ("09-30-00", false),
    ])
    func times(text: String, valid: Bool) throws {
        let found = try violations(#"{"type":"string","format":"time"}"#, "\"\(text)\"")
        #expect(found == (valid ? [] : ["$: must be a time in the form HH:MM:SS on a 24-hour clock (00:00:00 to 23:59:59), e.g. 09:30:00"]))
    }

    @Test("other formats are accepted without checking; format applies to strings only")
    func otherFormats() throws {
        #expect(try violations(#"{"format":"email"}"#, #""not an email""#).isEmpty)
        #expect(try violations(#"{"format":"date-time"}"#, #""yesterday""#).isEmpty)
        #expect(try violations(#"{"format":"date"}"#, "20240229").isEmpty)
    }

    // MARK: combinations

    @Test("anyOf passes when one alternative does and explains every failed one")
    func anyOf() throws {
        let schema = #"{"anyOf":[{"type":"string"},{"type":"number","minimum":0}]}"#
        #expect(try violations(schema, #""ten""#).isEmpty)
        #expect(try violations(schema, "10").isEmpty)
        #expect(try violations(schema, "-1") == [
            "$: must match at least one of these alternatives: (1) expected a string, found an integer; (2) must be at least 0",
        ])
        let nested = #"{"properties":{"when":{"anyOf":[{"format":"date"},{"format":"time"}]}}}"#
        #expect(try violations(nested, #"{"when":"10:00:00"}"#).isEmpty)
        #expect(try violations(nested, #"{"when":"soon"}"#).count == 1)
        #expect(try violations(nested, #"{"when":"soon"}"#).first?.hasPrefix("$.when: must match at least one") == true)
    }

    @Test("oneOf passes when exactly one alternative does")
    func oneOf() throws {
        let schema = #"{"oneOf":[{"type":"integer"},{"type":"number","maximum":10}]}"#
        #expect(try violations(schema, "5.5").isEmpty)
        #expect(try violations(schema, "50").isEmpty)
        #expect(try violations(schema, "5") == [
            "$: must match exactly one of the oneOf alternatives, but matches alternatives 1 and 2",
        ])
        #expect(try violations(schema, "50.5") == [
            "$: must match exactly one of these alternatives: (1) expected an integer, found a number; (2) must be at most 10",
        ])
    }

    @Test("allOf reports the violations of every part")
    func allOf() throws {
        let schema = #"{"allOf":[{"type":"integer"},{"minimum":1},{"maximum":3}]}"#
        #expect(try violations(schema, "2").isEmpty)
        #expect(try violations(schema, "0") == ["$: must be at least 1"])
        #expect(try violations(schema, "4.5") == ["$: expected an integer, found a number", "$: must be at most 3"])
    }

    @Test("annotations and unknown keywords are ignored")
    func ignoredKeywords() throws {
        let schema = #"""
        {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"urn:calc","$comment":"x",
         "title":"Calculator","description":"Evaluates an expression","default":{},"examples":[{}],
         "deprecated":false,"readOnly":false,"writeOnly":false,"x-vendor":{"any":"thing"},"multipleOf":"odd",
         "type":"object","properties":{"expression":{"type":"string","description":"like 1+1","examples":[3]}}}
        """#
        #expect(try violations(schema, #"{"expression":"1+1"}"#).isEmpty)
        #expect(try violations(schema, #"{"expression":2}"#) == ["$.expression: expected a string, found an integer"])
    }

    @Test("a typical tool schema: every violation at once, in a stable order")
    func typicalToolSchema() throws {
        let schema = #"""
        {"type":"object","additionalProperties":false,"required":["symbol","side","qty"],
         "properties":{
           "symbol":{"type":"string","pattern":"^[0-9]{6}$"},
           "side":{"enum":["buy","sell"]},
           "qty":{"type":"integer","minimum":100},
           "price":{"type":"number","exclusiveMinimum":0},
           "date":{"type":"string","format":"date"}}}
        """#
        #expect(try violations(schema, #"{"symbol":"600519","side":"buy","qty":100,"price":1688.5,"date":"2024-02-29"}"#).isEmpty)
        #expect(try violations(schema, #"{"symbol":"茅台","side":"hold","qty":"100","price":0,"date":"2023-02-29","note":"x"}"#) == [
            "$.date: must be a real calendar date (2023-02-29 does not exist)",
            "$.price: must be greater than 0",
            "$.qty: expected an integer, found a string",
            #"$.side: must be one of "buy", "sell""#,
            "$.symbol: must match the pattern ^[0-9]{6}$",
            "$.note: is not an allowed property (allowed: date, price, qty, side, symbol)",
        ])
        #expect(try violations(schema, #"{"side":"buy"}"#) == [
            "$: the property 'symbol' is required",
            "$: the property 'qty' is required",
        ])
    }

    @Test("violations and errors describe themselves")
    func descriptions() {
        let violation = JSONSchemaViolation(path: "$.qty", message: "expected an integer, found a string")
        #expect(violation.description == "$.qty: expected an integer, found a string")
        #expect(JSONSchemaError("pattern must be a string").description == "pattern must be a string")
    }

    @Test("one validator serves concurrent tasks")
    func concurrentUse() async throws {
        let validator = try JSONSchemaValidator(schema: try JSONValue.parse(#"{"type":"string","pattern":"^a+$"}"#))
        let valid = try JSONValue.parse(#""aaa""#)
        let invalid = try JSONValue.parse(#""abc""#)
        let counts = await withTaskGroup(of: Int.self) { group in
            for index in 0..<64 {
                group.addTask { validator.validate(index.isMultiple(of: 2) ? valid : invalid).count }
            }
            return await group.reduce(0, +)
        }
        #expect(counts == 32)
    }

    // MARK: invalid schemas

    @Test("an invalid schema is rejected with the path of the mistake", arguments: [
        (#"{"pattern":"("}"#, "pattern is not a valid regular expression: ("),
        (#"{"properties":{"code":{"type":"string","pattern":"[a-"}}}"#, "properties.code.pattern is not a valid regular expression: [a-"),
        (#"{"minimum":"x"}"#, "minimum must be a number"),
        (#"{"properties":{"qty":{"minimum":"x"}}}"#, "properties.qty.minimum must be a number"),
        (#"{"exclusiveMaximum":true}"#, "exclusiveMaximum must be a number"),
        (##"{"$ref":"#/$defs/order"}"##, "$ref is not supported: write the referenced schema inline"),
        (##"{"properties":{"order":{"$ref":"#/$defs/order"}}}"##, "properties.order.$ref is not supported: write the referenced schema inline"),
        ("[]", "the schema must be an object, found an array"),
        ("true", "the schema must be an object, found a boolean"),
        (#"{"type":"int"}"#, #"type must be one of array, boolean, integer, null, number, object, string, found "int""#),
        (#"{"type":["string",1]}"#, "type[1] must be one of array, boolean, integer, null, number, object, string, found 1"),
        (#"{"type":[]}"#, "type must be a type name or a non-empty array of type names"),
        (#"{"properties":[]}"#, "properties must be an object of schemas"),
        (#"{"properties":{"a":3}}"#, "properties.a must be a schema (an object, true or false), found an integer"),
        (#"{"required":"a"}"#, "required must be an array of property names"),
        (#"{"required":["a",2]}"#, "required[1] must be a string"),
        (#"{"additionalProperties":"no"}"#, "additionalProperties must be a boolean or a schema"),
        (#"{"items":[{"type":"string"}]}"#, "items must be a schema; the array (tuple) form is not supported"),
        (#"{"items":{"maxItems":-1}}"#, "items.maxItems must be a non-negative integer"),
        (#"{"minLength":1.5}"#, "minLength must be a non-negative integer"),
        (#"{"enum":"buy"}"#, "enum must be a non-empty array"),
        (#"{"format":7}"#, "format must be a string"),
        (#"{"anyOf":[]}"#, "anyOf must be a non-empty array of schemas"),
        (#"{"oneOf":[{"type":"string"},{"minimum":"0"}]}"#, "oneOf[1].minimum must be a number"),
        (#"{"allOf":{"type":"string"}}"#, "allOf must be a non-empty array of schemas"),
    ])
    func invalidSchemas(schema: String, message: String) throws {
        #expect(try schemaError(schema) == message)
    }

    @Test("well-formed schemas are accepted, including boolean subschemas and whole-number counts")
    func validSchemas() throws {
        #expect(try schemaError("{}") == nil)
        #expect(try schemaError(#"{"minLength":2.0,"maxItems":1e1,"properties":{"a":true,"b":false}}"#) == nil)
        #expect(try schemaError(#"{"description":5,"x-extra":{"$ref":1}}"#) == nil)
        #expect(try schemaError(#"{"$defs":{"a":{"type":"string"}},"type":"object"}"#) == nil)
        #expect(try violations(#"{"properties":{"a":true,"b":false}}"#, #"{"a":1,"b":2}"#) == ["$.b: no value is allowed here"])
    }
}
