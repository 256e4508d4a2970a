"""The Challenge: First Film in Orbit - a documentary text adventure about Soyuz MS-19."""

__version__ = "0.1.0"
