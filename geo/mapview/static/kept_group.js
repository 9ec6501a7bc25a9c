{#- Jinja template: the script of KeptGroup (geo/mapview), with "this" the element. -#}
var {{ this.get_name() }} = (function (kept, key) {
    var group = kept[key] || (kept[key] = L.featureGroup());
    group.idlibKept = true;
    return group;
})(window.IDLIB_GROUPS = window.IDLIB_GROUPS || {}, {{ this.layer_name|tojson }});
