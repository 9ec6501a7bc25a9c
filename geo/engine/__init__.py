"""The geometry engine: local frames, bands, the derived front line, uncertainty, overlays."""
