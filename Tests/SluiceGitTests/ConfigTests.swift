import Foundation
import SluiceTestSupport
import Testing

@testable import SluiceGit

@Suite("Configuration and commit identity")
struct ConfigTests {
    @Test("setConfigString writes repository-local config that git and configString read")
    func configRoundTrip() throws {
        try withTemporaryDirectory { root in
            let (repository, path) = try makeRepository(in: root)
            #expect(try repository.configString("sluice.never-set-key") == nil)
            try repository.setConfigString("sluice.mode", "strict")
            #expect(try repository.configString("sluice.mode") == "strict")
            #expect(try runGit(["config", "--local", "--get", "sluice.mode"], in: path) == "strict\n")
            try runGit(["config", "--local", "sluice.mode", "lenient"], in: path)
            #expect(try repository.configString("sluice.mode") == "lenient")
        }
    }

    @Test("SLUICE_AUTHOR_NAME / SLUICE_AUTHOR_EMAIL win, each independently, over git config")
    func environmentOverridesConfig() throws {
        try withTemporaryDirectory { root in
            let (repository, _) = try makeRepository(in: root)
            try repository.setConfigString("user.name", "Config Name")
            try repository.setConfigString("user.email", "config@example.com")

            let both = try repository.defaultSignature(environment: [
                "SLUICE_AUTHOR_NAME": "Env Name", "SLUICE_AUTHOR_EMAIL": "env@example.com",
            ])
            #expect(both.name == "Env Name")
            #expect(both.email == "env@example.com")

            let nameOnly = try repository.defaultSignature(environment: ["SLUICE_AUTHOR_NAME": "Env Name"])
            #expect(nameOnly.name == "Env Name")
            #expect(nameOnly.email == "config@example.com")

            let emailOnly = try repository.defaultSignature(environment: ["SLUICE_AUTHOR_EMAIL": "env@example.com", "SLUICE_AUTHOR_NAME": "  "])
            #expect(emailOnly.name == "Config Name")
            #expect(emailOnly.email == "env@example.com")

            let configOnly = try repository.defaultSignature(environment: [:])
            #expect(configOnly.name == "Config Name")
            #expect(configOnly.email == "config@example.com")
            #expect(abs(configOnly.time.timeIntervalSinceNow) < 60)
            #expect(configOnly.time.timeIntervalSince1970.rounded(.down) == configOnly.time.timeIntervalSince1970)
        }
    }

    @Test("Without environment or config the identity falls back to Sluice <sluice@localhost>")
    func finalFallback() {
        let time = Date(timeIntervalSince1970: 1_700_000_000.75)
        let resolved = Signature.resolve(environment: [:], configName: nil, configEmail: " ", time: time)
        #expect(resolved == Signature(name: "Sluice", email: "sluice@localhost", time: Date(timeIntervalSince1970: 1_700_000_000)))
        let mixed = Signature.resolve(environment: ["SLUICE_AUTHOR_EMAIL": "e@x"], configName: "N", configEmail: "c@x", time: time)
        #expect(mixed.name == "N")
        #expect(mixed.email == "e@x")
    }

    @Test("commitPaths without an explicit signature uses the resolved identity")
    func commitUsesRepositoryIdentity() throws {
        try withTemporaryDirectory { root in
            let (repository, path) = try makeRepository(in: root)
            try repository.setConfigString("user.name", "Config Name")
            try repository.setConfigString("user.email", "config@example.com")
            try writeFile("a.txt", "a\n", in: path)
            let id = try #require(try repository.commitPaths(["a.txt"], message: "one"))
            let expected = try repository.defaultSignature()
            let author = try repository.commit(id).author
            #expect(author.name == expected.name)
            #expect(author.email == expected.email)
            #expect(try runGit(["log", "-1", "--format=%an|%cn"], in: path) == "\(expected.name)|\(expected.name)\n")
        }
    }
}
