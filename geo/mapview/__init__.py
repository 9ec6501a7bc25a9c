"""The Folium map of a zone: base map, zone layers, local assets and the one-file HTML."""
