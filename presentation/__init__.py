"""Pure presentation (no Streamlit): chart builders, UI text catalogue, view shaping, server-side PNG; shared by the app and the briefing command."""
