"""Streamlit entry point: ``streamlit run app.py`` (see README)."""

import streamlit as st

st.set_page_config(page_title="netsupport", layout="wide")
st.title("netsupport — 支援ネットワーク")
st.write("準備中")
