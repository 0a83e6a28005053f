import ArgumentParser
import Foundation
import SluiceMedia
import SluiceWorkspace

extension Sluice {
    struct Upload: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add files to this environment's media library.",
            discussion: """
                Images (JPEG, PNG, GIF, WebP, AVIF, HEIC, TIFF) and videos (MP4, MOV, WebM) are recognized from their bytes.
                Images are decoded once with libvips (size, pages, colour space, alpha, EXIF orientation, camera, time
                taken, whether GPS is present); videos are probed with FFmpeg (size, duration, frame rate, codecs). A
                damaged or cut-short file, or an image over 100 megapixels, is refused. Other files go in only with --resource-type raw.
                Every enabled flow whose On Asset Upload trigger matches a new asset then runs on it.
                Each file's public id is FOLDER/NAME, NAME coming from the file name (or --public-id); a name taken
                already gets -2, -3… unless --public-id names it, which is refused unless --overwrite.
                """)
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption
        @Argument(help: "The files to upload.") var files: [String]
        @Option(help: "The folder to file them in (a/b/c).") var folder = ""
        @Option(help: "Comma-separated tags.") var tags: String?
        @Option(name: .customLong("public-id"), help: "The asset's name (one file only).") var publicID: String?
        @Option(name: .customLong("metadata"), help: "Structured metadata KEY=VALUE (repeatable; numbers and booleans are typed).")
        var metadata: [String] = []
        @Option(name: .customLong("context"), help: "Contextual metadata KEY=VALUE (repeatable).") var context: [String] = []
        @Option(name: .customLong("resource-type"), help: "raw to store a file that is not an image or video.")
        var resourceType: MediaInfo.ResourceType?
        @Flag(help: "Replace an asset that has the same public id.") var overwrite = false

        func validate() throws {
            if files.isEmpty { throw ValidationError("name at least one file") }
            if publicID != nil, files.count > 1 { throw ValidationError("--public-id names one asset; upload one file with it") }
        }

        func run() async throws {
            var options = MediaLibrary.UploadOptions()
            options.folder = folder
            options.publicID = publicID
            options.tags = (tags ?? "").split(separator: ",").map(String.init)
            options.metadata = try MediaLibrary.UploadOptions.metadata(from: metadata)
            options.context = try Self.pairs(context)
            options.resourceType = resourceType
            options.overwrite = overwrite
            let progress = Progress(total: files.count)
            let report = try await RunService(workspace.context()).upload(files: files, options: options) { index, file in progress.show(index, file)
            }
            progress.finish()
            if output.json { return try Output.json(report) }
            for asset in report.assets { Output.line("Uploaded \(asset.publicID) (\(Sluice.Assets.summary(asset)))") }
            for run in report.runs { Output.line(Sluice.Runs.summary(run)) }
            for skipped in report.skipped { Output.note("sluice: warning: not run: \(skipped)") }
            if report.runs.contains(where: { $0.status == .failed }) { throw ExitCode(2) }
        }

        static func pairs(_ arguments: [String]) throws -> [String: String] {
            var pairs: [String: String] = [:]
            for argument in arguments {
                guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
                    throw ValidationError("context \"\(argument)\": expected KEY=VALUE")
                }
                pairs[String(argument[..<equals])] = String(argument[argument.index(after: equals)...])
            }
            return pairs
        }
    }

    struct Assets: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List, show, search, transform and delete the assets of this environment's media library.",
            subcommands: [List.self, Show.self, Search.self, Derive.self, URL.self, Render.self, Delete.self],
            defaultSubcommand: List.self)

        /// `image jpg 240x320 4.2 KB`.
        static func summary(_ asset: Asset) -> String {
            let size = asset.width.flatMap { width in asset.height.map { "\(width)x\($0) " } } ?? ""
            return
                "\(asset.resourceType.rawValue) \(asset.format) \(size)\(ByteCountFormatter.string(fromByteCount: Int64(asset.bytes), countStyle: .file))"
        }

        static func print(_ assets: [Asset], json: Bool) throws {
            if json { return try Output.json(assets) }
            if assets.isEmpty { return Output.line("no assets") }
            Output.table(
                ["PUBLIC ID", "TYPE", "FORMAT", "SIZE", "BYTES", "TAGS", "CREATED"],
                assets.map { asset in
                    [
                        asset.publicID, asset.resourceType.rawValue, asset.format,
                        asset.width.flatMap { width in asset.height.map { "\(width)x\($0)" } } ?? "-", "\(asset.bytes)",
                        asset.tags.joined(separator: ","), Asset.timestamp(asset.createdAt),
                    ]
                })
        }
    }
}

extension Sluice.Assets {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List assets, newest first.")
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption
        @Option(help: "Only this folder (add /* for its subfolders too).") var folder: String?
        @Option(help: "At most this many.") var limit: Int?

        func run() throws {
            try Sluice.Assets.print(try MediaService(workspace.context()).list(folder: folder, limit: limit), json: output.json)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Everything the catalog knows about one asset.")
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption
        @Argument(help: "The asset's public id.") var publicID: String

        func run() throws {
            let (asset, file) = try MediaService(workspace.context()).asset(publicID)
            if output.json { return try Output.json(asset) }
            Output.line("\(asset.publicID)  \(Sluice.Assets.summary(asset))")
            Output.line("  folder:    \(asset.folder.isEmpty ? "(root)" : asset.folder)")
            Output.line("  tags:      \(asset.tags.isEmpty ? "-" : asset.tags.joined(separator: ", "))")
            for key in asset.metadata.keys.sorted() {
                let value = asset.metadata[key]
                Output.line("  metadata:  \(key) = \(value?.stringValue ?? value?.compactText() ?? "")")
            }
            for key in asset.context.keys.sorted() { Output.line("  context:   \(key) = \(asset.context[key] ?? "")") }
            if !asset.related.isEmpty { Output.line("  related:   \(asset.related.joined(separator: ", "))") }
            if !asset.facts.isEmpty {
                let facts = asset.facts.keys.sorted().map { key in "\(key) \(asset.facts[key].map { $0.stringValue ?? $0.compactText() } ?? "")" }
                Output.line("  facts:     \(facts.joined(separator: ", "))")
            }
            Output.line("  file:      \(file)\(asset.originalFilename.map { " (from \($0))" } ?? "")")
            for derived in try MediaService(workspace.context()).derivations(of: publicID) {
                Output.line(
                    "  derived:   \(derived.transformation.isEmpty ? "(poster frame)" : derived.transformation) → \(derived.format.rawValue) \(derived.width)x\(derived.height) \(derived.path)"
                )
            }
            Output.line("  created:   \(Asset.timestamp(asset.createdAt)), updated \(Asset.timestamp(asset.updatedAt))")
        }
    }

    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find assets with the search language.",
            discussion: """
                Terms are FIELD:VALUE (or =, !=, >, >=, <, <=); terms side by side must all match; OR, NOT (or a leading -)
                and parentheses combine them; a word alone matches public ids and file names. Fields: tags, folder
                (products, or products/* with subfolders), type (image, video, raw), format, public_id (prefix*), bytes
                (500kb, 2mb), width, height, created and updated (2026-05-01 or 2026-05-01T10:00:00Z), metadata.KEY,
                context.KEY, and facts.KEY for what the upload read from the pixels or streams: pages, orientation,
                duration, frameRate (numbers), colorSpace, camera, takenAt, videoCodec, audioCodec (text), hasAlpha,
                hasGPS (true or false).
                Examples: sluice assets search 'tags:product folder:products/* width>=800 -format:gif'
                          sluice assets search 'type:video facts.duration>30'    sluice assets search facts.hasGPS:true
                """)
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption
        @Argument(
            parsing: .allUnrecognized,
            help: "The query; its words may be separate arguments, and may start with - (a negation) without --.")
        var query: [String] = []
        @Option(help: "At most this many.") var limit: Int?

        func run() throws {
            let text = query.joined(separator: " ")
            try Sluice.Assets.print(try MediaService(workspace.context()).search(text, limit: limit), json: output.json)
        }
    }

    struct Derive: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make the file a transformation gives of an asset (or find it made already), and print where it is.",
            discussion: """
                TRANSFORMATION is Cloudinary's syntax: parameters key_value joined by `,`, steps joined by `/`. Crop and
                resize: c_scale, c_fit, c_limit, c_fill, c_lfill, c_pad, c_crop, c_thumb with w_ and h_ (pixels, or 0.5
                for half) or ar_ (16:9); g_center, g_north…g_north_west, g_auto (the most interesting part); x_ and y_
                for c_crop. Then q_ (1-100, auto), f_ (jpg, png, webp, gif, avif, auto), a_ (degrees, exif, hflip,
                vflip), e_grayscale, e_blur[:N], e_sharpen[:N], bo_4px_solid_black, b_white or b_rgb:ff0000, dpr_2.0,
                fl_progressive, and t_NAME for a named transformation (transformations/NAME.json).
                A derivation is stored once per original content and transformation; deleting the asset deletes it.
                Example: sluice assets derive products/bag 'c_fill,g_auto,w_400,h_300/f_webp'
                """)
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption
        @Argument(help: "The asset's public id.") var publicID: String
        @Argument(help: "The transformation, e.g. c_fill,w_400,h_300.") var transformation: String
        @Option(help: "The output format when the transformation has no f_ (jpg, png, webp, gif, avif); the original's by default.")
        var format: String?

        func run() throws {
            let derived = try MediaService(workspace.context()).derive(publicID, transformation: transformation, format: format)
            if output.json { return try Output.json(derived) }
            Output.line(derived.path)
            Output.note(
                "\(derived.cached ? "found" : "derived") \(derived.format.rawValue) \(derived.width)x\(derived.height), "
                    + ByteCountFormatter.string(fromByteCount: Int64(derived.bytes), countStyle: .file))
        }
    }

    struct URL: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "url",
            abstract: "Print an asset's delivery URL (on the manifest's deliveryBaseURL), with a transformation when given.",
            discussion:
                "The URL is what `sluice serve` answers and `sluice assets render` produces: <base>/media/<environment>/[<transformation>/]<public id>.<format>"
        )
        @OptionGroup var workspace: WorkspaceOptions
        @Argument(help: "The asset's public id.") var publicID: String
        @Option(name: [.customShort("t"), .long], help: "A transformation (see `sluice assets derive --help`).") var transformation: String?
        @Option(help: "The format the URL asks for (jpg, png, webp, gif, avif); the original's by default.") var format: String?

        func run() throws {
            Output.line(try MediaService(workspace.context()).deliveryURL(publicID, transformation: transformation, format: format))
        }
    }

    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the file a delivery URL names (deriving it if needed).",
            discussion: "URL_OR_PATH is a URL from `sluice assets url` or Create Asset URL, or its path (/media/…).")
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption
        @Argument(help: "The delivery URL or its path.") var urlOrPath: String
        @Option(name: [.customShort("o"), .long], help: "Where to write the file.") var outputFile: String

        func run() throws {
            let resolved = try MediaService(workspace.context()).render(urlOrPath, to: outputFile)
            if output.json {
                return try Output.json(["file": outputFile, "source": resolved.file, "derived": resolved.derived == nil ? "false" : "true"])
            }
            Output.line(outputFile)
            if let derived = resolved.derived {
                Output.note(
                    "\(derived.cached ? "found" : "derived") \(derived.format.rawValue) \(derived.width)x\(derived.height) from \(resolved.url.publicID)"
                )
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove assets from the library (their files too, when unshared).")
        @OptionGroup var workspace: WorkspaceOptions
        @Argument(help: "Public ids.") var publicIDs: [String]

        func run() throws {
            try MediaService(workspace.context()).delete(publicIDs)
            for publicID in publicIDs { Output.line("Deleted \(publicID)") }
        }
    }
}

extension MediaInfo.ResourceType: ExpressibleByArgument {}

/// `uploading 3/10 name` on a terminal's stderr, rewritten in place; silent when stderr is not a terminal.
struct Progress {
    let total: Int
    private let enabled = isatty(STDERR_FILENO) == 1

    init(total: Int) { self.total = total }

    func show(_ index: Int, _ item: String) {
        guard enabled, total > 1 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[Kuploading \(index + 1)/\(total) \((item as NSString).lastPathComponent)".utf8))
    }

    func finish() {
        guard enabled, total > 1 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
