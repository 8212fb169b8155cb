import GripApp

try await GripMain.run()
