import Foundation
import SluiceJSON
import SluiceTestSupport
import Testing

@testable import SluiceDocuments

@Suite("Secret encryption")
struct SecretBoxTests {
    let field = JSONPointer(tokens: ["secrets", "apiToken"])

    @Test("a sealed value opens to the plaintext and does not contain it")
    func roundTrip() throws {
        let box = SecretBox(current: .generate())
        let sealed = try box.seal("hunter2-value", documentID: "sec_1", field: field)
        #expect(sealed.hasPrefix("enc:v1:\(box.current.fingerprint):"))
        #expect(!sealed.contains("hunter2"))
        #expect(try box.open(sealed, documentID: "sec_1", field: field) == "hunter2-value")
    }

    @Test("sealing twice gives different text, so equal secrets do not show as equal")
    func randomNonce() throws {
        let box = SecretBox(current: .generate())
        #expect(try box.seal("x", documentID: "d", field: field) != box.seal("x", documentID: "d", field: field))
    }

    /// The associated data binds a value to its document and field: a copied value does not open.
    @Test(arguments: [("sec_2", "/secrets/apiToken"), ("sec_1", "/secrets/other")])
    func boundToPlace(documentID: String, pointer: String) throws {
        let box = SecretBox(current: .generate())
        let sealed = try box.seal("v", documentID: "sec_1", field: field)
        #expect(throws: SecretError.cannotDecrypt(field: try JSONPointer(parsing: pointer))) {
            try box.open(sealed, documentID: documentID, field: try JSONPointer(parsing: pointer))
        }
    }

    @Test("a tampered value is refused, never returned garbled")
    func tampered() throws {
        let box = SecretBox(current: .generate())
        var sealed = try box.seal("value", documentID: "d", field: field)
        let last = sealed.removeLast()
        sealed.append(last == "A" ? "B" : "A")
        #expect(throws: SecretError.self) { try box.open(sealed, documentID: "d", field: field) }
    }

    @Test("a value sealed with an unknown key names both keys")
    func wrongKey() throws {
        let sealed = try SecretBox(current: .generate()).seal("v", documentID: "d", field: field)
        let other = SecretBox(current: .generate())
        do {
            _ = try other.open(sealed, documentID: "d", field: field)
            Issue.record("opened with the wrong key")
        } catch let error as SecretError {
            #expect(error.description.contains("sluice key import"))
            #expect(error.description.contains(other.current.fingerprint))
        }
    }

    @Test("an earlier key in the keyring still opens its values after a new key is current")
    func keyring() throws {
        let old = SecretKey.generate()
        let sealed = try SecretBox(current: old).seal("v", documentID: "d", field: field)
        let box = SecretBox(current: .generate(), previous: [old])
        #expect(try box.open(sealed, documentID: "d", field: field) == "v")
    }

    @Test("exported keys import back; malformed text is rejected")
    func export() throws {
        let key = SecretKey.generate()
        #expect(SecretKey(exported: key.exported) == key)
        #expect(SecretKey(exported: key.exported + "\n") == key)
        #expect(SecretKey(exported: "sluice-key:v1:bm90IGEga2V5") == nil)
        #expect(SecretKey(exported: "") == nil)
    }

    @Test("the key file is private (0600) and the environment variable overrides it")
    func keyStore() throws {
        let directory = try TemporaryDirectory()
        let store = KeyStore(environment: ["SLUICE_CONFIG_DIR": directory.path])
        #expect(throws: SecretError.self) { try store.box(workspaceID: "ws_1") }
        let key = SecretKey.generate()
        try store.install(key, workspaceID: "ws_1")
        let attributes = try FileManager.default.attributesOfItem(atPath: store.keyFile(workspaceID: "ws_1"))
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try store.box(workspaceID: "ws_1").current == key)

        let other = SecretKey.generate()
        let fromEnvironment = KeyStore(environment: ["SLUICE_CONFIG_DIR": directory.path, "SLUICE_KEY": other.exported])
        #expect(try fromEnvironment.box(workspaceID: "ws_1").current == other)
        #expect(try fromEnvironment.box(workspaceID: "ws_1").keyring[key.fingerprint] == key)
        // The environment's key works on its own: a damaged key file beside it does not stop it.
        try Data("damaged".utf8).write(to: URL(fileURLWithPath: store.keyFile(workspaceID: "ws_1")))
        #expect(try fromEnvironment.box(workspaceID: "ws_1").current == other)
        #expect(throws: SecretError.self) { try store.box(workspaceID: "ws_1") }
    }

    @Test("a corrupt key file is reported, not treated as missing")
    func corruptKeyFile() throws {
        let directory = try TemporaryDirectory()
        let store = KeyStore(environment: ["SLUICE_CONFIG_DIR": directory.path])
        try FileManager.default.createDirectory(atPath: store.directory, withIntermediateDirectories: true)
        try Data("garbage\n".utf8).write(to: URL(fileURLWithPath: store.keyFile(workspaceID: "ws_1")))
        #expect(throws: SecretError.malformedKeyFile(path: store.keyFile(workspaceID: "ws_1"))) { try store.box(workspaceID: "ws_1") }
    }
}
