"""Start the page with the server's own route: ``streamlit run serve.py`` (``make run``).

The page is ``app.py``; this adds the route that draws a released slider's zone without
waiting for the page's rerun (:mod:`ui.routes`). ``streamlit run app.py`` still starts the
page, without that route. As the server starts, it imports the engine while the first
browser loads (:mod:`ui.startup`).
"""

from __future__ import annotations

import streamlit as st

from ui.routes import zone_routes
from ui.startup import import_ahead

app = st.App("app.py", routes=zone_routes(), lifespan=import_ahead)
