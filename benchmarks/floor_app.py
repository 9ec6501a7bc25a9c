"""Floor reference for ``make bench``: one slider and one line of text, nothing else.

What any Streamlit page pays for a slider step: the slider's own delay, the websocket
round trip, a rerun of a trivial script and the redraw of one line.
"""

import streamlit as st

st.set_page_config(page_title="Floor reference: one slider")

depth = st.slider(
    "Whole zone: from the line to … km",
    min_value=0.0,
    max_value=100.0,
    value=20.0,
    step=0.5,
    format="%g km",
)
st.write(f"Floor reference: zone depth {depth:.1f} km")
