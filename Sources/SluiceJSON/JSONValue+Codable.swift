/// `JSONValue` is `Codable` so models can hold free-form JSON (block configs and the like).
///
/// Through `JSONValueEncoder`/`JSONValueDecoder` the value passes through unchanged, including
/// key order and number literals. With other coders it maps onto their containers: objects
/// use keyed containers in stored order, integral numbers are written as `Int64`, others as `Double`.
extension JSONValue: Codable {
    /// Decodes any JSON value.
    public init(from decoder: any Decoder) throws {
        if let direct = decoder as? ValueDecoder {
            self = direct.value
            return
        }
        if let container = try? decoder.container(keyedBy: StringCodingKey.self) {
            var object = JSONObject()
            for key in container.allKeys {
                object[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
            }
            self = .object(object)
            return
        }
        if var container = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !container.isAtEnd {
                elements.append(try container.decode(JSONValue.self))
            }
            self = .array(elements)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let bool = try? single.decode(Bool.self) {
            self = .bool(bool)
        } else if let integer = try? single.decode(Int64.self) {
            self = .number(JSONNumber(uncheckedLiteral: String(integer)))
        } else if let double = try? single.decode(Double.self) {
            self = .number(JSONNumber(double))
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    /// Encodes the value; see the type's documentation for how numbers map onto other encoders.
    public func encode(to encoder: any Encoder) throws {
        if let direct = encoder as? ValueEncoder {
            direct.box.setSingle(self)
            return
        }
        switch self {
        case .object(let object):
            var container = encoder.container(keyedBy: StringCodingKey.self)
            for (key, value) in object {
                try container.encode(value, forKey: StringCodingKey(key))
            }
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements {
                try container.encode(element)
            }
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let bool):
            var container = encoder.singleValueContainer()
            try container.encode(bool)
        case .string(let string):
            var container = encoder.singleValueContainer()
            try container.encode(string)
        case .number(let number):
            var container = encoder.singleValueContainer()
            if let integer = Int64(number.literal) {
                try container.encode(integer)
            } else {
                try container.encode(number.doubleValue)
            }
        }
    }
}

extension JSONObject: Codable {
    /// Decodes a JSON object; any other JSON type is a `typeMismatch`.
    public init(from decoder: any Decoder) throws {
        let value = try JSONValue(from: decoder)
        guard case .object(let object) = value else {
            throw ValueDecoder.mismatch(JSONObject.self, expected: "object", found: value, decoder.codingPath)
        }
        self = object
    }

    /// Encodes the object, keeping its key order where the encoder allows.
    public func encode(to encoder: any Encoder) throws {
        try JSONValue.object(self).encode(to: encoder)
    }
}

extension DecodingError {
    /// The JSON pointer of the value the error is about, from the coding path. For a missing
    /// field this is the object that lacks it (the key is named in `shortMessage`).
    public var jsonPointer: JSONPointer {
        JSONPointer(tokens: context.codingPath.map(Self.token(for:)))
    }

    /// A short lower-case message such as `expected string, found number` or
    /// `missing required field "name"`.
    public var shortMessage: String {
        switch self {
        case .keyNotFound(let key, _):
            return "missing required field \"\(key.stringValue)\""
        case .valueNotFound(_, let context) where context.debugDescription.isEmpty,
            .typeMismatch(_, let context) where context.debugDescription.isEmpty,
            .dataCorrupted(let context) where context.debugDescription.isEmpty:
            return "invalid value"
        default:
            return context.debugDescription
        }
    }

    private var context: DecodingError.Context {
        switch self {
        case .typeMismatch(_, let context), .valueNotFound(_, let context),
            .keyNotFound(_, let context), .dataCorrupted(let context):
            return context
        @unknown default:
            return DecodingError.Context(codingPath: [], debugDescription: "")
        }
    }

    /// Array positions become their index; everything else its string value.
    private static func token(for key: any CodingKey) -> String {
        if let index = key.intValue, key.stringValue == "Index \(index)" || key.stringValue == String(index) {
            return String(index)
        }
        return key.stringValue
    }
}
