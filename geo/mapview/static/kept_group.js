{#- Jinja template: the script of KeptGroup (geo/mapview), with "this" the element
    (idlibKeptGroup: view.js). -#}
var {{ this.get_name() }} = idlibKeptGroup({{ this.layer_name|tojson }});
