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

    struct Context: Encodable { let pack: Pack; let styles: HTML; let body: HTML }

    /// The pack's stylesheets, in the order a served pack links them.
    static let stylesheets = ["pack.css", "shared.css"]

    static var css: String {
        stylesheets.map { (try? String(contentsOfFile: GripResources.publicFiles + $0, encoding: .utf8)) ?? "" }
            .joined(separator: "\n")
    }

    /// `standalone`: the stylesheet inlined, for files and PDFs (served pages link it instead).
    static func html(_ pack: Pack, standalone: Bool, views: any ViewRenderer) async throws -> String {
        let styles = Markup.build { m in
            if standalone {
                m.append(.style(css))
            } else {
                for sheet in stylesheets { m.void("link", ["rel": "stylesheet", "href": "/" + sheet]) }
            }
            m.text("\n")
            m.append(.style(pack.runningCSS))
        }
        let context = Context(pack: pack, styles: styles, body: PackHTML.body(pack))
        let view = try await views.render("reports/pack", context).get()
        return String(buffer: view.data)
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
            let res = Response(
                status: .ok, body: .init(string: try await html(pack, standalone: standalone, views: views)))
            res.headers.contentType = .html
            return res
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
