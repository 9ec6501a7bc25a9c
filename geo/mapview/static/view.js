// Text of an HTML-escaped property (the shared data is escaped for popups), for inputs.
function idlibPlain(escaped) {
    var box = document.createElement("textarea");
    box.innerHTML = escaped;
    return box.value;
}

// Run fn once the page's style sheets are in (at once if they are).
function idlibWhenStyled(fn) {
    var waiting = Array.prototype.filter.call(
        document.querySelectorAll("link[rel='stylesheet']"), function(l) { return !l.sheet; });
    var left = waiting.length;
    if (!left) { fn(); return; }
    waiting.forEach(function(link) {
        function done() { left -= 1; if (left === 0) { fn(); } }
        link.addEventListener("load", done);
        link.addEventListener("error", done);
    });
}

// The popup is bound to each town: open it as a click would.
function idlibOpenTown(layer) { layer.fire("click", {latlng: layer.getLatLng()}, true); }

// Each town's name beside its marker (the names are HTML-escaped on the server). Larger
// towns first: where two names would overlap, the smaller town's is hidden.
function idlibTownLabels(towns, map) {
    var labels = L.layerGroup(), order = [];
    towns.eachLayer(function(layer) {
        var p = layer.feature.properties;
        var icon = L.divIcon({className: "town-label" + (p.major ? "" : " minor"),
                              html: "<span dir=\"auto\">" + p.name + "</span>",
                              iconSize: null});
        var marker = L.marker(layer.getLatLng(),
            {icon: icon, interactive: false, keyboard: false});
        order.push([p.radius || 0, marker]);
        labels.addLayer(marker);
    });
    order.sort(function(a, b) { return b[0] - a[0]; });
    var markers = order.map(function(pair) { return pair[1]; });
    var tidy = function() { idlibDeclutter(markers); };
    labels.on("add", function() {
        map.on("zoomend moveend resize", tidy);
        setTimeout(tidy, 0);
    });
    labels.on("remove", function() { map.off("zoomend moveend resize", tidy); });
    return labels;
}

// Hide every label that would overlap one already shown (markers: most important first).
function idlibDeclutter(markers) {
    var shown = [];
    markers.forEach(function(marker) {
        var element = marker.getElement(), span = element && element.firstChild;
        if (!span) { return; }
        element.classList.remove("idlib-hidden-label");
        var box = span.getBoundingClientRect();
        if (!box.width) { return; }  // hidden at this zoom by the style sheet
        var clash = shown.some(function(other) {
            return box.left < other.right && other.left < box.right &&
                   box.top < other.bottom && other.top < box.bottom;
        });
        if (clash) { element.classList.add("idlib-hidden-label"); } else { shown.push(box); }
    });
}

// The map's town search: every spelling's key, ranked as the page's own search ranks.
// Its words are the map's (window.IDLIB_TEXT, geo/mapview/words.py).
function idlibTownControl(towns, words) {
    var entries = [];
    towns.eachLayer(function(layer) {
        var p = layer.feature.properties;
        p.label = idlibPlain(p.search);
        entries.push([p.label, p.keys.split(" ")]);
    });
    return new L.Control.Search({
        layer: towns, propertyName: "label", marker: false, initial: false,
        zoom: 12, textPlaceholder: words.findTown, textErr: words.notFound,
        textCancel: words.cancel, position: "topleft",
        filterData: function(text, records) {
            var found = {};
            window.idlibTownSearch.rank(text, entries).forEach(function(label) {
                if (records[label]) { found[label] = records[label]; }
            });
            return found;
        },
        // The label is text: never written into the page as HTML.
        buildTip: function(text) {
            var tip = document.createElement("li");
            tip.textContent = text;
            return tip;
        }
    });
}

// A group that outlives the zone's other layers (KeptGroup): one per name and map.
function idlibKeptGroup(name) {
    var kept = window.IDLIB_GROUPS = window.IDLIB_GROUPS || {};
    var group = kept[name] || (kept[name] = L.featureGroup());
    group.idlibKept = true;
    return group;
}

// A kept group's shapes (InlineGeoJson with a key): made by make() and put in the group,
// unless the group already holds the shapes of that key (drawn by an earlier step), which
// then stay as they are: nothing on the map changes.
function idlibKeep(group, key, make) {
    if (group.idlibShapes !== key) {
        group.clearLayers();
        group.idlibShapes = key;
        group.idlibLayer = make().addTo(group);
    }
    return group.idlibLayer;
}

// The groups streamlit-folium removes on the next change: not the ones kept from one zone
// to the next (KeptGroup), nor the ones it already removed (it never empties its list,
// which would keep every past zone alive). Called after each zone's layers are drawn.
function idlibForgetKept(map) {
    window.feature_group = (window.feature_group || []).filter(function(l) {
        return !l.idlibKept && map.hasLayer(l);
    });
}

// The zone's layers are added to the map each time they are drawn: take the ones the
// reader switched off away again (before the browser paints).
function idlibKeepHidden(map) {
    var state = window.__idlibView, overlays = (state && state.overlays) || {};
    Object.keys(overlays).forEach(function(name) {
        if (state.hidden[name] && map.hasLayer(overlays[name])) {
            map.removeLayer(overlays[name]);
        }
    });
}

window.idlibView = function (map, overlays, step) {
    var state = window.__idlibView = window.__idlibView ||
        {hidden: {}, side: null, focus: null, handlers: false};
    idlibForgetKept(map);
    if (!state.handlers) {
        // Only the user's clicks count: the page itself adds and removes layers.
        map.on("overlayadd overlayremove", function(e) {
            if (window.layer_control && window.layer_control._handlingClick) {
                state.hidden[e.name] = e.type === "overlayremove";
            }
        });
        state.handlers = true;
    }
    state.overlays = overlays;
    idlibKeepHidden(map);
    if (window.idlibPreview) { window.idlibPreview(overlays, step.preview); }
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
    if (state.towns !== towns) {
        // The towns are kept from one zone to the next: labels and search are made once.
        state.towns = towns;
        group.addLayer(idlibTownLabels(towns, map));
        if (state.search) { map.removeControl(state.search); }
        state.search = idlibTownControl(towns, words);
        state.search.on("search:locationfound", function(e) { idlibOpenTown(e.layer); });
        map.addControl(state.search);
    }

    var focus = step.focus;
    if (focus && state.focus !== focus) {
        // A popup measures itself when it opens: before Leaflet's styles are in, it took
        // the map's whole width and its tip stood far from the town.
        idlibWhenStyled(function() {
            towns.eachLayer(function(layer) {
                if ("town-" + layer.feature.properties.i === focus) {
                    map.idlibKeepView = true;
                    map.setView(layer.getLatLng(), 12, {animate: false});
                    idlibOpenTown(layer);
                }
            });
        });
    }
    state.focus = focus;
};
