import Testing

@testable import SluiceJSON

@Suite("JSONPointer")
struct JSONPointerTests {
    static let parsed: [(String, [String])] = [
        ("", []),
        ("/", [""]),
        ("/a", ["a"]),
        ("/a/0/b", ["a", "0", "b"]),
        ("/a~1b/c~0d", ["a/b", "c~d"]),
        ("/~01", ["~1"]),
        ("/~10", ["/0"]),
        ("//x", ["", "x"]),
        ("/é 😀", ["é 😀"]),
    ]

    @Test("parses RFC 6901 text and prints it back", arguments: parsed)
    func roundTrip(text: String, tokens: [String]) throws {
        let pointer = try JSONPointer(parsing: text)
        #expect(pointer.tokens == tokens)
        #expect(pointer.description == text)
        #expect(try JSONPointer(parsing: JSONPointer(tokens: tokens).description) == pointer)
    }

    @Test(
        "rejects malformed pointers",
        arguments: [
            ("a/b", #"json pointer "a/b" must start with "/""#),
            ("/a~2", #"invalid escape "~2" in json pointer "/a~2" (use ~0 or ~1)"#),
            ("/a~", #"invalid escape "~" in json pointer "/a~" (use ~0 or ~1)"#),
        ])
    func rejects(text: String, message: String) {
        #expect(throws: JSONPointerError(message: message)) { try JSONPointer(parsing: text) }
    }

    @Test("escaping round-trips arbitrary tokens")
    func escapingRoundTrips() throws {
        let tokens = ["~", "/", "~/~1/~0", "a~b/c", "", "0"]
        let pointer = JSONPointer(tokens: tokens)
        #expect(pointer.description == "/~0/~1/~0~1~01~1~00/a~0b~1c//0")
        #expect(try JSONPointer(parsing: pointer.description).tokens == tokens)
    }

    @Test("root, display, appending and parent")
    func navigation() {
        #expect(JSONPointer.root.description == "")
        #expect(JSONPointer.root.display == "/")
        #expect(JSONPointer.root.isRoot)
        #expect(JSONPointer.root.parent == nil)
        let pointer = JSONPointer.root.appending("blocks").appending(2).appending("a/b")
        #expect(pointer.description == "/blocks/2/a~1b")
        #expect(pointer.display == "/blocks/2/a~1b")
        #expect(pointer.parent == "/blocks/2")
        #expect(pointer.lastToken == "a/b")
        #expect(JSONPointer("/blocks").isPrefix(of: pointer))
        #expect(!pointer.isPrefix(of: "/blocks"))
    }

    @Test("string literals parse, and invalid literals are read leniently")
    func literals() {
        let pointer: JSONPointer = "/a~1b/c"
        #expect(pointer.tokens == ["a/b", "c"])
        let lenient: JSONPointer = "blocks/0"
        #expect(lenient.tokens == ["blocks", "0"])
        let tilde: JSONPointer = "/a~b"
        #expect(tilde.tokens == ["a~b"])
    }

    @Test("orders parents first and array indices numerically")
    func ordering() {
        let pointers: [JSONPointer] = ["/items/10", "/b", "/items/2", "", "/items", "/a/z", "/items/2/name"]
        #expect(pointers.sorted() == ["", "/a/z", "/b", "/items", "/items/2", "/items/2/name", "/items/10"])
        #expect(JSONPointer("/x/01") > JSONPointer("/x/003"))
        // Indices sort before other tokens, keeping the order total.
        let mixed: [JSONPointer] = ["/5a", "/10", "/9", "/-"]
        #expect(mixed.sorted() == ["/9", "/10", "/-", "/5a"])
    }
}

@Suite("Text shown on one line")
struct ShownTextTests {
    @Test("hidden characters are escaped, long text is shortened in the middle, plain text is kept")
    func shown() {
        #expect("plain name".shown() == "plain name" && "plain name".isPlainlyShown)
        #expect("a\nb\u{1B}[31m\u{202E}c\u{200B}\u{0}".shown() == "a\\u{A}b\\u{1B}[31m\\u{202E}c\\u{200B}\\u{0}")
        #expect(!"x\u{2066}".isPlainlyShown && "é😀".isPlainlyShown)
        let long = String(repeating: "a", count: 300) + "END"
        let shown = long.shown(limit: 100)
        #expect(shown.count == 100 && shown.hasSuffix("aaEND") && shown.contains("…"))
    }
}
