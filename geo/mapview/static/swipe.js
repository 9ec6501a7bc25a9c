// Swipe between the zone and the compared one: leaflet-side-by-side clips a layer's
// container, and here each side is a whole pane (the zone's, the comparison's).
(function (map) {
    var PaneLayer = L.Layer.extend({
        initialize: function (pane) { this._paneName = pane; },
        onAdd: function () {},
        onRemove: function () {},
        getContainer: function () { return this._map.getPane(this._paneName); }
    });
    var left = new PaneLayer(LEFT).addTo(map), right = new PaneLayer(RIGHT).addTo(map);
    L.control.sideBySide(left, right).addTo(map);
})({map});
