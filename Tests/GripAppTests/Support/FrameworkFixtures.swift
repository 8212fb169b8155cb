import Foundation

/// A small council framework in the file format, for the app's tests.
enum FrameworkFixtures {
    static let councilJSON = #"""
        {"id": "test-pamms-2026", "title": "Test council standards", "owner": "Council", "kind": "commissioner",
         "effectiveFrom": "2026-04-01", "groups": [
           {"id": "d1", "title": "Safety", "items": [{"id": "1.1", "title": "Safeguarding"},
                                                    {"id": "1.2", "title": "Medicines"}]},
           {"id": "d2", "title": "Staffing", "items": [{"id": "2.1", "title": "Staffing levels"}]}]}
        """#

    /// From the 2023 quality statements to the council's standards.
    static let councilCrosswalk = """
        from_framework,from_item,to_framework,to_item,basis
        cqc-qs-2023,S8,test-pamms-2026,1.2,Medicines
        cqc-qs-2023,S3,test-pamms-2026,1.1,Safeguarding
        cqc-qs-2023,S6,test-pamms-2026,2.1,Staffing

        """
}
