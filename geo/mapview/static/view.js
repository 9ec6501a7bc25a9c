window.idlibView = function (map, overlays, step) {
    var state = window.__idlibView = window.__idlibView ||
        {hidden: {}, side: null, focus: null, handlers: false};
    // The groups streamlit-folium removes on the next change: not the ones kept from one
    // zone to the next (KeptGroup), nor the ones it already removed (it never empties
    // its list, which would keep every past zone alive).
    window.feature_group = (window.feature_group || []).filter(function(l) {
        return !l.idlibKept && map.hasLayer(l);
    });
    if (!state.handlers) {
        // Only the user's clicks count: the page itself adds and removes layers.
        map.on("overlayadd overlayremove", function(e) {
            if (window.layer_control && window.layer_control._handlingClick) {
                state.hidden[e.name] = e.type === "overlayremove";
            }
        });
        state.handlers = true;
    }
    Object.keys(overlays).forEach(function(name) {
        if (state.hidden[name] && map.hasLayer(overlays[name])) {
            map.removeLayer(overlays[name]);
        }
    });
    var side = step.side;
    if (state.side !== null && state.side !== side) {
        map.fitBounds(step.bounds);
    }
    state.side = side;

    var words = window.IDLIB_TEXT;
    if (window.layer_control) { window.layer_control.getContainer().dir = words.dir; }
    var group = overlays[words.towns];
    var towns = group && group.getLayers().filter(function(l) { return l.eachLayer; })[0];
    if (!towns) { return; }
    // The popup is bound to each town: open it as a click would.
    function openTown(layer) { layer.fire("click", {latlng: layer.getLatLng()}, true); }
    if (state.towns !== towns) {
        // The towns are kept from one zone to the next: labels and search are made once.
        state.towns = towns;
        var labels = L.layerGroup();
        towns.eachLayer(function(layer) {
            var p = layer.feature.properties;
            // The name is already HTML-escaped on the server.
            var icon = L.divIcon({className: "town-label" + (p.major ? "" : " minor"),
                                  html: "<span dir=\"auto\">" + p.name + "</span>",
                                  iconSize: null});
            labels.addLayer(L.marker(layer.getLatLng(),
                {icon: icon, interactive: false, keyboard: false}));
        });
        group.addLayer(labels);
        if (state.search) { map.removeControl(state.search); }
        state.search = new L.Control.Search({
            layer: towns, propertyName: "search", marker: false, initial: false,
            zoom: 12, textPlaceholder: words.findTown, textErr: words.notFound,
            textCancel: words.cancel, position: "topleft"
        });
        state.search.on("search:locationfound", function(e) { openTown(e.layer); });
        map.addControl(state.search);
    }

    var focus = step.focus;
    if (focus && state.focus !== focus) {
        towns.eachLayer(function(layer) {
            if ("town-" + layer.feature.properties.i === focus) {
                map.setView(layer.getLatLng(), 12);
                openTown(layer);
            }
        });
    }
    state.focus = focus;
};
