"""Files for other tools: GeoJSON, KML, GeoPackage, CSV and the print map."""
