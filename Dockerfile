# The map as a container: `docker build -t idlib-zone . && docker run -p 8501:8501 idlib-zone`
# then http://localhost:8501. One container is one Streamlit server (one replica); see
# docs/performance.md for several replicas behind a load balancer and their memory.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    # geo is installed into site-packages: point it at the data copied below.
    IDLIB_ZONE_DATA_DIR=/app/data \
    # matplotlib (the printable map) needs a writable cache folder.
    MPLCONFIGDIR=/tmp/matplotlib \
    # The page's published scripts (ui/zonemap.py, serve_files): outside the app's folder.
    IDLIB_ZONE_CACHE_DIR=/var/cache/idlib-zone

# The engine (package geo) and its dependencies; wheels only, no compiler needed.
WORKDIR /src
COPY pyproject.toml README.md ./
COPY geo/ geo/
RUN pip install . && rm -rf /src/build /src/*.egg-info

# The page and what it reads at run time.
WORKDIR /app
COPY data/ data/
COPY docs/ docs/
COPY ui/ ui/
COPY .streamlit/ .streamlit/
COPY app.py serve.py ./

# The map's scripts and styles are served from the page's file folder (no CDN), outside
# the app's folder; write Leaflet and its plugins there now, from the installed
# folium-offline. The app itself adds only each scenario's shared map data.
RUN python -c "from geo import ZoneSpec, analyze, load_study_data; \
from geo.mapview.assets import FileStore, cache_dir, localize_assets; \
from geo.mapview.basedata import prepare_base_layers; \
from geo.mapview.basemap import base_map; \
from geo.mapview.layers import zone_layers; \
data = load_study_data(); store = FileStore(path=cache_dir(), url=''); \
[localize_assets(e, store=store) \
 for e in [base_map(prepare_base_layers(data)), *zone_layers(analyze(data, ZoneSpec()))]]" \
    && test -n "$(ls "$IDLIB_ZONE_CACHE_DIR/vendor")" \
    && useradd --create-home --uid 10001 app \
    && chown -R app "$IDLIB_ZONE_CACHE_DIR"

USER app
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
CMD ["streamlit", "run", "serve.py", "--server.address", "0.0.0.0", "--server.port", "8501"]
