// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "grip",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "grip", targets: ["grip"])
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/leaf-kit.git", from: "1.14.3"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20")
    ],
    targets: [
        .target(
            name: "GripCore",
            resources: [
                .copy("Resources/frameworks"), .copy("Resources/crosswalks"),
                .copy("Resources/cqc-reference.json"), .copy("Resources/bank-holidays.json")
            ]
        ),
        .target(
            name: "GripApp",
            dependencies: [
                "GripCore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "LeafKit", package: "leaf-kit"),
                .product(name: "Prometheus", package: "swift-prometheus")
            ],
            resources: [.copy("Resources/Views"), .copy("Resources/Public")]
        ),
        .executableTarget(
            name: "grip",
            dependencies: ["GripApp"]
        ),
        .testTarget(
            name: "GripCoreTests",
            dependencies: ["GripCore"]
        ),
        .testTarget(
            name: "GripAppTests",
            dependencies: [
                "GripApp",
                .product(name: "LeafKit", package: "leaf-kit"),
                .product(name: "VaporTesting", package: "vapor")
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
