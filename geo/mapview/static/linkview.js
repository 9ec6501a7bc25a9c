// The map's view in the page's link (geo/mapview/linkview.py reads it back): map=ZOOM/LAT/LON
// once the reader has moved the map, and layers=BACKGROUND,ON,-OFF for the layers they
// switched. The page's address holds them, so its link box and address bar give the view as
// it is seen; the page's own writes of its address drop them, so they are put back.

// The page around the map's frame, if the frame may reach it (null in a file of its own).
function idlibHostWindow() {
    try {
        var host = window.parent;
        return host !== window && host.location.href ? host : null;
    } catch (e) {
        return null;
    }
}

// Set the view's parameters in the page's address (a null one is removed). With the page's
// settings (a query string from the server), the address becomes those settings and the
// view's parameters; without, the rest of the address is kept. The entry is replaced: a
// slider step adds nothing to the browser's history.
function idlibSetParams(host, params, settings) {
    var loc = host.location;
    var rest = typeof settings === "string" ? settings : loc.search.replace(/^\?/, "");
    var kept = rest.split("&").filter(function (part) {
        return part && !Object.prototype.hasOwnProperty.call(params, part.split("=")[0]);
    });
    Object.keys(params).forEach(function (name) {
        if (params[name]) { kept.push(name + "=" + params[name]); }
    });
    var search = kept.length ? "?" + kept.join("&") : "";
    if (search !== loc.search) {
        host.history.replaceState(host.history.state, "", loc.pathname + search + loc.hash);
    }
}

// Show a view: zoom and centre, the background, the overlays switched on and off.
function idlibShowView(map, layers, view, link) {
    var hidden = (window.__idlibView || {}).hidden || {};
    if (view.zoom !== null && view.zoom !== undefined) {
        map.idlibKeepView = true;  // the legend's first fit must not undo it
        map.setView([view.lat, view.lon], view.zoom, {animate: false});
        link.moved = true;
        // Until the reader moves the map, the address keeps the view as it was given
        // (Leaflet puts the centre on a whole pixel, a few metres away).
        link.given = {at: map.getCenter(), zoom: map.getZoom(),
                      text: view.zoom + "/" + view.lat.toFixed(4) + "/" + view.lon.toFixed(4)};
    }
    var base = view.base && layers.base_layers[link.names[view.base]];
    if (base && !map.hasLayer(base)) {
        Object.keys(layers.base_layers).forEach(function (name) {
            map.removeLayer(layers.base_layers[name]);
        });
        map.addLayer(base);
    }
    function turn(keys, on) {
        (keys || []).forEach(function (key) {
            var name = link.names[key], layer = name && layers.overlays[name];
            if (!layer) { return; }
            hidden[name] = !on;  // kept so when the zone's layers are replaced (view.js)
            if (on !== map.hasLayer(layer)) {
                if (on) { map.addLayer(layer); } else { map.removeLayer(layer); }
            }
        });
    }
    turn(view.shown, true);
    turn(view.hidden, false);
}

// Write the view as it is now into the page's address, and keep it for a new map frame.
function idlibWriteView(map, link) {
    var host = idlibHostWindow();
    if (!host) { return; }
    var overlays = link.layers.overlays, shown = [], hidden = [];
    Object.keys(overlays).forEach(function (name) {
        var key = link.keys[name];
        if (!key || !(key in link.defaults)) { return; }
        var on = map.hasLayer(overlays[name]);
        if (on !== link.defaults[key]) { (on ? shown : hidden).push(key); }
    });
    var base = link.base !== link.defaultBase ? link.base : null;
    var parts = (base ? [base] : []).concat(shown, hidden.map(function (k) { return "-" + k; }));
    var c = map.getCenter(), zoom = Math.round(map.getZoom() * 100) / 100;
    var lat = c.lat.toFixed(4), lon = c.lng.toFixed(4), given = link.given;
    var centre = given && given.zoom === map.getZoom() && given.at.equals(c) ?
        given.text : zoom + "/" + lat + "/" + lon;
    host.idlibMapView = {zoom: link.moved ? zoom : null, lat: +lat, lon: +lon,
                         base: base, shown: shown, hidden: hidden};
    idlibSetParams(host, {map: link.moved ? centre : null,
                          layers: parts.length ? parts.join(",") : null}, link.settings);
}

// Called each time the zone's layers are replaced (geo/mapview/view.py: ViewControl).
window.idlibLinkView = function (map, layers, step) {
    var link = map.idlibLink;
    if (!link) {
        var keys = window.IDLIB_TEXT.layerKeys, names = {};
        Object.keys(keys).forEach(function (name) { names[keys[name]] = name; });
        link = map.idlibLink = {keys: keys, names: names, moved: false, defaults: {},
                                base: null, layers: layers};
        Object.keys(layers.overlays).forEach(function (name) {
            if (keys[name]) { link.defaults[keys[name]] = map.hasLayer(layers.overlays[name]); }
        });
        Object.keys(layers.base_layers).forEach(function (name) {
            if (map.hasLayer(layers.base_layers[name])) { link.base = keys[name]; }
        });
        link.defaultBase = link.base;
        map.on("baselayerchange", function (e) { link.base = keys[e.name] || link.base; });
        // Only the reader's own moves put the map's centre in the link.
        var touched = false;
        ["pointerdown", "wheel", "keydown"].forEach(function (name) {
            map.getContainer().addEventListener(name, function () { touched = true; });
        });
        map.on("moveend", function () { if (touched) { link.moved = true; } });
        var host = idlibHostWindow();
        var view = (host && host.idlibMapView) || step.view;
        if (view) { idlibShowView(map, layers, view, link); }
        var write = function () { idlibWriteView(map, link); };
        map.on("moveend baselayerchange", write);
        // The reader's switches only: while a step replaces the zone's layers, the old
        // ones leave the map, which is not the reader turning them off.
        map.on("overlayadd overlayremove", function () {
            if (window.layer_control && window.layer_control._handlingClick) { write(); }
        });
        setInterval(write, 500);
    }
    link.layers = layers;
    if (typeof step.settings === "string") { link.settings = step.settings; }
    idlibWriteView(map, link);
};
