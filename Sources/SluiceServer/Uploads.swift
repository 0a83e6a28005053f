import Crypto
import Foundation
import Hummingbird
import Logging
import MultipartKit
import SluiceJSON
import SluiceMedia
import SluiceWorkspace
import Synchronization

/// Starts the flows of stored uploads (``RunService/startPendingUploads()``) in the background, one pass at a time: a
/// request during a pass asks for one more pass, so every upload is seen and none is started twice.
final class UploadStarter: Sendable {
    let runs: RunService
    let drain: RunDrain
    let logger: Logger
    private let state = Mutex<(running: Bool, again: Bool)>((false, false))

    init(runs: RunService, drain: RunDrain, logger: Logger) {
        self.runs = runs
        self.drain = drain
        self.logger = logger
    }

    func request() {
        let start = state.withLock { state in
            guard !state.running else {
                state.again = true
                return false
            }
            state.running = true
            return true
        }
        guard start else { return }
        drain.start { await self.passes() }
    }

    private func passes() async {
        while true {
            state.withLock { $0.again = false }
            do throws(WorkspaceError) { _ = try await runs.startPendingUploads() } catch {
                logger.error("cannot start the flows of uploads", metadata: ["error": "\(error.description)"])
            }
            let done = state.withLock { state in
                if !state.again { state.running = false }
                return !state.running
            }
            if done { return }
        }
    }
}

/// `POST /api/v1/assets`: a multipart upload (one `file` part; fields `folder`, `publicId`, `tags` (comma-separated),
/// `metadata` (a JSON object), `resourceType`, `overwrite`, and `sha256` to check the file against), streamed to disk while hashed,
/// stored with its pending trigger, answered 201 with the asset; the upload's flows then run in the background.
struct Uploads: Sendable {
    let runs: RunService
    let access: Access
    let starter: UploadStarter
    /// Where bodies are written while they arrive (`.sluice/uploads`).
    let scratch: String
    let maximumBody: Int

    func respond(to request: Request) async throws -> Response {
        guard access.tokenName(of: request) != nil else { return Access.refusal() }
        guard let type = request.headers[.contentType], let boundary = Self.parameter("boundary", in: type),
            type.lowercased().hasPrefix("multipart/form-data")
        else {
            return Blocking.text(.unsupportedMediaType, "the body must be multipart/form-data with a `file` part")
        }
        let folder = scratch + "/" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let received: Received
        do { received = try await receive(request.body, boundary: boundary, into: folder) } catch let refusal as Refusal {
            return Blocking.text(refusal.status, refusal.message)
        }
        var options = MediaLibrary.UploadOptions()
        options.folder = received.fields["folder"] ?? ""
        options.publicID = received.fields["publicId"].flatMap { $0.isEmpty ? nil : $0 }
        options.tags = (received.fields["tags"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        options.overwrite = received.fields["overwrite"] == "true"
        options.originalFilename = received.filename
        if let type = received.fields["resourceType"], !type.isEmpty {
            guard let known = MediaInfo.ResourceType(rawValue: type) else {
                return Blocking.text(.badRequest, "resourceType must be image, video or raw")
            }
            options.resourceType = known
        }
        if let text = received.fields["metadata"], !text.isEmpty {
            guard case .object(let object)? = try? JSONParser.parse(text) else {
                return Blocking.text(.badRequest, "metadata must be a JSON object")
            }
            options.metadata = Dictionary(object.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        }
        if let expected = received.fields["sha256"], expected.lowercased() != received.sha256 {
            return Blocking.text(.badRequest, "the file's SHA-256 is \(received.sha256), not \(expected.shown(limit: 80)): it changed on the way")
        }
        let runs = self.runs
        let path = received.path
        let chosen = options
        switch await Blocking.run({ () throws(WorkspaceError) in try runs.receive(file: path, options: chosen) }) {
        case .failure(let error):
            // The client knows its file by its name, not by where the server kept it.
            var answer = Delivery.failure(error)
            let text = error.description.replacingOccurrences(of: path, with: received.filename)
                .replacingOccurrences(of: "pass --resource-type raw", with: "send resourceType=raw").replacingOccurrences(
                    of: "pass --overwrite", with: "send overwrite=true")
            answer.body = .init(byteBuffer: ByteBuffer(string: text + "\n"))
            return answer
        case .success(let asset):
            starter.request()
            return Blocking.json(["asset": asset.jsonValue, "sha256": .string(received.sha256)], status: .created)
        }
    }

    /// What a request carried: the file (on disk), its name and hash, and the text fields.
    struct Received {
        var path: String
        var filename: String
        var sha256: String
        var fields: [String: String]
    }

    /// Why a body is refused.
    struct Refusal: Error {
        var status: HTTPResponse.Status
        var message: String
    }

    /// Parses the body as it arrives, writing the file part to `folder` and hashing it on the way.
    private func receive(_ body: RequestBody, boundary: String, into folder: String) async throws -> Received {
        let parser = MultipartParser(boundary: boundary)
        var headers: [String: String] = [:]
        var fieldText: [UInt8] = []
        var fields: [String: String] = [:]
        var file: (path: String, name: String, handle: FileHandle)?
        var files = 0
        var hasher = SHA256()
        var failure: Refusal?
        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { buffer in
            guard failure == nil else { return }
            let disposition = headers["content-disposition"] ?? ""
            if Self.parameter("filename", in: disposition) != nil {
                if file == nil {
                    files += 1
                    guard files == 1 else {
                        failure = Refusal(status: .badRequest, message: "send one file per request")
                        return
                    }
                    let name = Self.safeName(Self.parameter("filename", in: disposition) ?? "")
                    let path = folder + "/" + name
                    do {
                        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                        guard FileManager.default.createFile(atPath: path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
                        file = (path, name, try FileHandle(forWritingTo: URL(fileURLWithPath: path)))
                    } catch {
                        failure = Refusal(status: .internalServerError, message: "cannot write the upload: \(error.localizedDescription)")
                        return
                    }
                }
                let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
                hasher.update(data: bytes)
                file?.handle.write(Data(bytes))
            } else {
                fieldText += buffer.readBytes(length: buffer.readableBytes) ?? []
                if fieldText.count > 65_536 { failure = Refusal(status: .contentTooLarge, message: "a text field is longer than 64 KB") }
            }
        }
        parser.onPartComplete = {
            let disposition = headers["content-disposition"] ?? ""
            if Self.parameter("filename", in: disposition) == nil, let name = Self.parameter("name", in: disposition) {
                fields[name] = String(decoding: fieldText, as: UTF8.self)
            }
            try? file?.handle.close()
            headers = [:]
            fieldText = []
        }
        var total = 0
        do {
            for try await buffer in body {
                total += buffer.readableBytes
                guard total <= maximumBody else {
                    throw Refusal(status: .contentTooLarge, message: "the upload is larger than \(maximumBody / 1_048_576) MB")
                }
                try parser.execute(buffer)
                if let failure { throw failure }
            }
        } catch let refusal as Refusal {
            throw refusal
        } catch {
            throw Refusal(status: .badRequest, message: "the multipart body cannot be read: \(error)")
        }
        guard let file else { throw Refusal(status: .badRequest, message: "the body has no `file` part (a part with a filename)") }
        try? file.handle.close()
        let digest = MediaLibrary.hex(hasher.finalize())
        return Received(path: file.path, filename: file.name, sha256: digest, fields: fields)
    }

    /// `key=value` or `key="value"` among the `;`-separated parameters of a header value.
    static func parameter(_ key: String, in header: String) -> String? {
        for item in header.split(separator: ";").dropFirst() {
            let parts = item.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            var value = parts[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    /// The last component of a client's file name, without separators or control characters, never empty or hidden.
    static func safeName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init).prefix(200))
        return cleaned.isEmpty || cleaned.hasPrefix(".") ? "upload" + cleaned : cleaned
    }
}
