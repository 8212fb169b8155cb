import Fluent
import Foundation
import GripCore
import SQLKit

/// Keeps `series_warnings` and `series_sparks` in step with the values: every write of values or series
/// settings (and a service's new name, which its sparklines show) calls `refresh` for the series it touched,
/// inside its transaction.
enum SeriesWarnings {
    struct ValueRow: Decodable { let indicator_id: UUID; let service_id: UUID; let period: String; let value: Double }
    struct ServiceName: Decodable { let id: UUID; let name: String }

    /// Re-analyses every series of these indicators and services (values read as plain rows) and rewrites
    /// their warnings and, with `sparks` (the migrations before `series_sparks` existed say no), their
    /// sparklines.
    static func refresh(
        indicators indicatorIDs: Set<UUID>, services serviceIDs: Set<UUID>, today: Day, sparks: Bool = true,
        on db: any Database
    ) async throws {
        guard !indicatorIDs.isEmpty, !serviceIDs.isEmpty else { return }
        let indicators = try await Indicator.query(on: db).filter(\.$id ~~ indicatorIDs).all()
        let settings = try await SeriesSetting.query(on: db).filter(\.$indicator.$id ~~ indicatorIDs).filter(
            \.$service.$id ~~ serviceIDs
        ).all()
        let settingBy = Dictionary(
            settings.map { ("\($0.$indicator.id)|\($0.$service.id)", $0) }, uniquingKeysWith: { a, _ in a })
        let rows = try await (db as! any SQLDatabase).select()
            .columns("indicator_id", "service_id", "period", "value").from("indicator_values")
            .where("indicator_id", .in, Array(indicatorIDs)).where("service_id", .in, Array(serviceIDs))
            .orderBy("period").all(decoding: ValueRow.self)
        let bySeries = Dictionary(grouping: rows, by: { "\($0.indicator_id)|\($0.service_id)" })
        try await SeriesWarning.query(on: db).filter(\.$indicator.$id ~~ indicatorIDs).filter(
            \.$service.$id ~~ serviceIDs
        ).delete()
        var names: [UUID: String] = [:]
        if sparks {
            try await SeriesSpark.query(on: db).filter(\.$indicator.$id ~~ indicatorIDs).filter(
                \.$service.$id ~~ serviceIDs
            ).delete()
            let rows = try await (db as! any SQLDatabase).select().columns("id", "name").from(Service.schema)
                .where("id", .in, Array(serviceIDs)).all(decoding: ServiceName.self)
            names = Dictionary(rows.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        }
        var warnings: [SeriesWarning] = []
        var drawn: [SeriesSpark] = []
        for indicator in indicators {
            for sid in serviceIDs {
                let key = "\(indicator.id!)|\(sid)"
                guard let values = bySeries[key], !values.isEmpty else { continue }
                let result = IndicatorService.result(
                    indicator, values: values.map(\.value),
                    periods: values.map(\.period), setting: settingBy[key],
                    today: today)
                if sparks, let name = names[sid] {
                    drawn.append(
                        SeriesSparks.draw(
                            indicator, serviceID: sid, serviceName: name, values: values, result: result,
                            today: today))
                }
                guard let k = result.latestConcern() else { continue }
                let w = SeriesWarning()
                w.$indicator.id = indicator.id!
                w.$service.id = sid
                w.period = values[k].period
                w.value = values[k].value
                warnings.append(w)
            }
        }
        try await Batches.create(warnings, size: 500, on: db)
        try await Batches.create(drawn, size: 500, on: db)
    }

    /// Every series of every organisation, a service at a time (the migration, the demo, the benchmark).
    static func refreshAll(
        today: Day = Clock.current.today(), sparks: Bool = true, on db: any Database
    ) async throws {
        let indicators = try await Indicator.query(on: db).all()
        let services = try await Service.query(on: db).all()
        for org in Set(services.map { $0.$organisation.id }) {
            let ids = Set(indicators.filter { $0.$organisation.id == org }.compactMap(\.id))
            for s in services where s.$organisation.id == org {
                try await refresh(indicators: ids, services: [s.id!], today: today, sparks: sparks, on: db)
            }
        }
    }
}
