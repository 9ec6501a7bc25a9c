"""Sections of the Streamlit page; ``app.py`` puts them together."""
