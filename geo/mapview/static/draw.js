(function (map) {
    // The user's own line on the page's map (geo/mapview/draw.py): the line tool's words,
    // one drawing at a time, and a control point's button that sets it to the other side.
    var words = window.IDLIB_TEXT.draw;
    // leaflet.draw's words in the map's language (the toolbar is made after this runs).
    var local = L.drawLocal.draw;
    local.toolbar.buttons.polyline = words.button;
    local.toolbar.actions = {title: words.cancelTitle, text: words.cancel};
    local.toolbar.finish = {title: words.finishTitle, text: words.finish};
    local.toolbar.undo = {title: words.undoTitle, text: words.undo};
    local.handlers.polyline.tooltip = {start: words.start, cont: words.cont, end: words.end};
    local.handlers.polyline.error = words.error;
    // leaflet.draw 1.0.2 on a touch screen ends a line at its second point (its issue 789):
    // the tap that adds a point also clicks that new point, whose click finishes the line.
    // A point's own tap is not taken as a finish; a later tap on the last point still is.
    var line = L.Draw.Polyline.prototype;
    if (!line.idlibTouchFix) {
        var addVertex = line.addVertex;
        var finishShape = line._finishShape;
        line.idlibTouchFix = true;
        line.addVertex = function (latlng) {
            this.idlibAddedAt = Date.now();
            return addVertex.call(this, latlng);
        };
        line._finishShape = function () {
            if (L.Browser.touch && Date.now() - (this.idlibAddedAt || 0) < 500) { return; }
            return finishShape.call(this);
        };
    }
    // No drawing is an empty list from the start, as streamlit-folium makes it on a click
    // on any shape: a click on a town then sends nothing (ui/zonemap.py's default is []).
    if (window.__GLOBAL_DATA__) { window.__GLOBAL_DATA__.all_drawings = []; }
    // Only the newest drawing stays: the page reads the one line in "all_drawings". This
    // runs before folium's handler adds the new layer and streamlit-folium's reads them.
    map.on("draw:created", function (e) {
        var kept = window.drawnItems;
        if (kept && kept.eachLayer) {
            kept.eachLayer(function (layer) { if (layer !== e.layer) { kept.removeLayer(layer); } });
        }
    });
    // A flip goes to the page as the component's value, with the drawing it already has;
    // the id tells a new click from the same value seen again on a later run.
    var sent = 0;
    function sendFlip(name) {
        var data = window.__GLOBAL_DATA__;
        if (!data || !window.Streamlit) { return; }
        sent += 1;
        var flip = {name: name, id: String(Date.now()) + "-" + sent};
        window.Streamlit.setComponentValue(Object.assign({}, data.previous_data, {flip: flip}));
    }
    // Called by the control points' layer (geo/mapview/basemap.py); the names are escaped
    // by the server, and shown as such; the name sent back is the text the user sees.
    window.idlibPointClicked = function (feature, layer) {
        var name = document.createElement("b");
        name.innerHTML = feature.properties.name;
        // Only the scenario's own points flip (not a point the user added, nor on a line of
        // their own): the page names them with each step.
        if ((window.IDLIB_FLIPS || []).indexOf(name.textContent) < 0) { return; }
        var box = document.createElement("div");
        box.dir = window.IDLIB_TEXT.dir;
        var button = document.createElement("button");
        button.type = "button";
        button.className = "idlib-flip";
        button.textContent = words.flip;
        button.addEventListener("click", function () {
            map.closePopup();
            sendFlip(name.textContent);
        });
        box.appendChild(name);
        box.appendChild(document.createElement("br"));
        box.appendChild(button);
        layer.unbindPopup();
        layer.bindPopup(box).openPopup();
    };
})({map});
