import Fluent
import Foundation
import GripCore
import Vapor

/// Renders packs: a print-ready HTML page, a PDF through headless Chromium, or CSV data.
enum PackRenderer {
    enum Format: String, CaseIterable, Sendable {
        case html, pdf, csv
        var label: String {
            switch self {
            case .html: "Print-ready page (HTML)"
            case .pdf: "PDF"
            case .csv: "CSV data appendix"
            }
        }
    }

    /// What the template reads: the cover's words, not the pack's sections (which the body draws).
    struct Context: Encodable {
        struct Cover: Encodable {
            let title: String, organisation: String, period: String, generated: String, framework: String
            let services: [String]
        }
        let pack: Cover
        let styles: HTML
        let body: HTML
    }

    /// The pack's stylesheets, in the order a served pack links them.
    static let stylesheets = ["pack.css", "shared.css"]

    static var css: String {
        stylesheets.map { (try? String(contentsOfFile: GripResources.publicFiles + $0, encoding: .utf8)) ?? "" }
            .joined(separator: "\n")
    }

    /// `standalone`: the stylesheet inlined, for files and PDFs (served pages link it instead).
    static func html(_ pack: Pack, standalone: Bool, views: any ViewRenderer) async throws -> String {
        try await page(pack, standalone: standalone, body: PackHTML.body(pack), views: views)
    }

    /// The page around a body: the template's frame and cover, with the stylesheets.
    private static func page(
        _ pack: Pack, standalone: Bool, body: HTML, views: any ViewRenderer
    ) async throws -> String {
        let styles = Markup.build { m in
            if standalone {
                m.append(.style(css))
            } else {
                for sheet in stylesheets { m.void("link", ["rel": "stylesheet", "href": "/" + sheet]) }
            }
            m.text("\n")
            m.append(.style(pack.runningCSS))
        }
        let cover = Context.Cover(
            title: pack.title, organisation: pack.organisation, period: pack.period, generated: pack.generated,
            framework: pack.framework, services: pack.services)
        let view = try await views.render("reports/pack", Context(pack: cover, styles: styles, body: body)).get()
        return String(buffer: view.data)
    }

    /// Where the body goes in the frame when a page is streamed: a comment no pack's text can contain (its
    /// text is escaped, so it has no `<`).
    private static let bodyMark = HTML.mark("grip-pack-body")

    /// The page as a streamed response: the frame's start, then each piece of the body as it is drawn, then the
    /// frame's end. The same bytes as `html` (`ReportTests`), without holding the whole page.
    static func streamed(_ pack: Pack, standalone: Bool, views: any ViewRenderer) async throws -> Response {
        let frame = try await page(pack, standalone: standalone, body: bodyMark, views: views)
        guard let mark = frame.range(of: bodyMark.rendered) else {
            throw AppError(.internalServerError, "The pack's template has no place for its body.")
        }
        let head = String(frame[..<mark.lowerBound]), tail = String(frame[mark.upperBound...])
        let res = Response(
            status: .ok,
            body: .init(asyncStream: { writer in
                try await writer.writeBuffer(ByteBuffer(string: head))
                for draw in PackHTML.pieces(pack) { try await writer.writeBuffer(ByteBuffer(string: draw().rendered)) }
                try await writer.writeBuffer(ByteBuffer(string: tail))
                try await writer.write(.end)
            }))
        res.headers.contentType = .html
        return res
    }

    static func fileName(_ pack: Pack, _ format: Format) -> String {
        "grip-\(pack.kind)-\(pack.from)-to-\(pack.to).\(format.rawValue)"
    }

    /// Headless Chromium, where installed: `GRIP_CHROMIUM`, else the usual Debian and Ubuntu names.
    static let usualChromium = [
        "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"
    ]

    /// A configured path that is not an executable means "none": it is not silently replaced.
    static func chromium(
        configured: String? = Environment.get("GRIP_CHROMIUM"), candidates: [String] = usualChromium
    ) -> String? {
        if let configured, !configured.isEmpty {
            return FileManager.default.isExecutableFile(atPath: configured) ? configured : nil
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let noChromium =
        """
        PDF needs headless Chromium, which is not installed here. Install it (Debian or Ubuntu: `sudo apt-get \
        install chromium`) or set GRIP_CHROMIUM to its path; the HTML page prints to PDF from any browser \
        meanwhile.
        """

    /// Prints standalone HTML to PDF with headless Chromium (A4, the pack's own header and page numbers).
    static func pdf(html: String, chromium chrome: String? = chromium()) async throws -> Data {
        guard let chrome else { throw AppError(.serviceUnavailable, noChromium) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("grip-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("pack.html"), output = dir.appendingPathComponent("pack.pdf")
        try Data(html.utf8).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chrome)
        process.arguments = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-pdf-header-footer",
            "--user-data-dir=" + dir.appendingPathComponent("profile").path, "--print-to-pdf=" + output.path,
            input.absoluteString
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try await withCheckedThrowingContinuation { (cont: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in cont.resume() }
            do { try process.run() } catch { process.terminationHandler = nil; cont.resume(throwing: error) }
        }
        guard process.terminationStatus == 0, let data = try? Data(contentsOf: output),
            data.starts(with: Array("%PDF".utf8))
        else {
            throw AppError(
                .internalServerError, "Chromium could not print the pack to PDF (exit \(process.terminationStatus)).")
        }
        return data
    }

    /// The pack as a response: the page (`standalone` inlines its stylesheet), a PDF or the CSV appendix as
    /// attachments.
    static func response(
        _ pack: Pack, _ format: Format, standalone: Bool, views: any ViewRenderer
    ) async throws -> Response {
        switch format {
        case .html:
            return try await streamed(pack, standalone: standalone, views: views)
        case .csv:
            let res = Response(status: .ok, body: .init(string: pack.csv()))
            res.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
            res.headers.contentDisposition = .init(.attachment, filename: fileName(pack, .csv))
            return res
        case .pdf:
            let res = Response(
                status: .ok,
                body: .init(data: try await pdf(html: try await html(pack, standalone: true, views: views))))
            res.headers.contentType = HTTPMediaType(type: "application", subType: "pdf")
            res.headers.contentDisposition = .init(.attachment, filename: fileName(pack, .pdf))
            return res
        }
    }

    /// Builds a pack of a kind for the actor (the assembly is `PackAssembly`; the data `PackData`).
    /// `framework`: the id of the framework version to make it under (nil: the one in force).
    static func build(
        _ kind: Pack.Kind, actor: Actor, serviceIDs: [UUID]?, period: ReportPeriod, today: Day, baseURL: String,
        framework: String? = nil, on db: any Database
    ) async throws -> Pack {
        try actor.require(.readPacks)
        let data = try await PackData.load(
            actor: actor, serviceIDs: serviceIDs, period: period, today: today,
            baseURL: baseURL,
            framework: framework, on: db)
        switch kind {
        case .commissioner: return PackAssembly.commissioner(data)
        case .cqc: return PackAssembly.cqc(data)
        case .oversight: return PackAssembly.oversight(data)
        }
    }
}
