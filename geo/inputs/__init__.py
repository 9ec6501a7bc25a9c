"""What the engine reads: the data layers, their schemas and the scenario files."""
