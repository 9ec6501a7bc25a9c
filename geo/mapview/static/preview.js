// The zone follows the finger: while a depth slider of the page moves, draw the zone for its
// current value from the bands of every grid step (geo/mapview/preview.py), loaded once after
// the map is first drawn. The sliders are Streamlit's own, in the page around this frame (the
// same origin): their live value is read from the page, never sent to the server. When the
// server has answered the sliders' values, its exact zone replaces the preview.
(function (map) {
    var STYLE = PREVIEW_STYLE, BANDS = BAND_NAMES, KEYS = ["min_km", "max_km"];
    var pane = map.createPane("idlibPreview");
    pane.style.zIndex = 351;
    pane.style.pointerEvents = "none";
    function layer(style) {
        return L.polygon([], L.extend({pane: "idlibPreview", interactive: false, stroke: false}, style));
    }
    var core = layer(STYLE.core), outer = layer(STYLE.outer);
    var label = L.DomUtil.create("div", "idlib-preview-label", map.getContainer());
    label.dir = window.IDLIB_TEXT.dir;
    label.setAttribute("role", "status");
    var state = {body: null, url: null, step: null, tries: 0, last: null, drawn: null, frame: 0,
                 watching: null, decoded: {}};

    function load() {
        var url = state.url;
        if (!url || state.body || state.loading) { return; }
        state.loading = true;
        function later() {
            state.loading = false;
            if (state.tries++ < 30) { setTimeout(load, Math.min(500 * state.tries, 5000)); }
        }
        // Asked again until the server has packed the bands (the file says "pending").
        fetch(url, {cache: state.tries ? "no-cache" : "default"}).then(function (answer) {
            if (!answer.ok) { throw new Error(answer.status); }
            var text = answer.body.pipeThrough(new DecompressionStream("gzip"));
            return new Response(text).json();
        }).then(function (body) {
            if (body.pending) { later(); return; }
            state.body = body; state.loading = false; schedule();
        }).catch(later);
    }

    function rings(side, index) {
        var key = side + "/" + index, found = state.decoded[key];
        if (found) { return found; }
        var steps = state.body.sides[side], step = steps[index], scale = state.body.scale;
        if (typeof step === "number") { return (state.decoded[key] = rings(side, step)); }
        found = step.map(function (polygon) {
            return polygon.map(function (flat) {
                var out = [], x = 0, y = 0;
                for (var i = 0; i < flat.length; i += 2) {
                    x += flat[i]; y += flat[i + 1];
                    out.push(L.latLng(y / scale, x / scale));
                }
                return out;
            });
        });
        return (state.decoded[key] = found);
    }

    function sliders() {
        try {
            var doc = window.parent.document;
            return KEYS.map(function (key) {
                return doc.querySelector(".st-key-" + key + " input[type=range]") ||
                       doc.querySelector(".st-key-" + key + " [role=slider]");
            });
        } catch (e) { return [null, null]; }
    }

    function values() {
        var inputs = sliders();
        if (!inputs[0] || !inputs[1]) { return null; }
        var now = inputs.map(function (e) {
            return parseFloat(e.value !== undefined && e.value !== "" ? e.value : e.getAttribute("aria-valuenow"));
        });
        // The page's rule (ui/controls.py): the slider that moved pushes the other one.
        var last = state.last || now;
        if (now[0] > now[1]) {
            if (now[0] !== last[0]) { now[1] = now[0]; } else { now[0] = now[1]; }
        }
        state.last = now;
        return now;
    }

    function hide() {
        if (!state.drawn) { return; }
        map.removeLayer(core); map.removeLayer(outer);
        map.getContainer().classList.remove("idlib-previewing");
        label.textContent = "";
        state.drawn = null;
    }

    function draw() {
        state.frame = 0;
        var step = state.step, now = values();
        if (!step || !now || !state.body || !state.body.sides[step.side]) { return; }
        if (now[0] === step.asked[0] && now[1] === step.asked[1]) { hide(); return; }
        var key = now.join("/");
        if (state.drawn === key) { return; }
        var size = state.body.step_km;
        var inner = rings(step.side, Math.round(now[0] / size));
        core.setLatLngs(inner);
        outer.setLatLngs(rings(step.side, Math.round(now[1] / size)).concat(inner));
        if (!state.drawn) {
            core.addTo(map); outer.addTo(map);
            map.getContainer().classList.add("idlib-previewing");
        }
        label.textContent = window.IDLIB_TEXT.preview.replace("{min}", now[0]).replace("{max}", now[1]);
        state.drawn = key;
        window.__idlibPreviewDraws = (window.__idlibPreviewDraws || 0) + 1;
    }

    function schedule() {
        if (!state.frame) { state.frame = requestAnimationFrame(draw); }
    }

    function watch() {
        var doc;
        try { doc = window.parent.document; } catch (e) { return; }
        if (state.watching === doc) { return; }
        state.watching = doc;
        new MutationObserver(schedule).observe(doc.body, {
            subtree: true, attributes: true,
            attributeFilter: ["value", "aria-valuetext", "aria-valuenow"]
        });
    }

    // Called with every zone the server draws (geo/mapview/static/view.js).
    window.idlibPreview = function (overlays, step) {
        if (!step) { return; }
        BANDS.forEach(function (name) {
            var group = overlays[name];
            if (!group) { return; }
            group.eachLayer(function (shapes) {
                (shapes.eachLayer ? shapes : L.layerGroup([shapes])).eachLayer(function (shape) {
                    var element = shape.getElement && shape.getElement();
                    if (element) { element.classList.add("idlib-band"); }
                });
            });
        });
        var first = !state.step;
        state.step = step;
        if (state.url !== step.url) { state.url = step.url; state.body = null; state.decoded = {}; state.tries = 0; }
        watch();
        if (first) { setTimeout(load, 0); } else { load(); }
        state.drawn = state.drawn && "stale";
        draw();
    };
    // Whether the bands are loaded (for tests and the benchmark).
    window.idlibPreview.ready = function () { return !!state.body; };
})({map});
