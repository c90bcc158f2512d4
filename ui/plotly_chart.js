// One dashboard chart: a Plotly figure drawn with plotly.js basic (scatter, bar and pie: every trace the dashboard
// draws), loaded once per page from the app's static folder. Streamlit's own Plotly chunk is the full library, whose
// start-up alone costs a fresh browser 1,1-1,4 s of main-thread work on the 2-core reference machine; basic costs
// about 0,25 s (README "Opening a shared link"). serve.py already asks for the file from the page's <head>.

function loadPlotly(src) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!window.dashboardPlotly) {
    window.dashboardPlotly = new Promise((resolve, reject) => {
      let tag = document.querySelector("script[data-dashboard-plotly]");
      if (!tag || tag.dataset.failed !== undefined) {
        tag = document.createElement("script");
        tag.src = src;
        tag.async = true;
        tag.dataset.dashboardPlotly = "";
        document.head.appendChild(tag);
      }
      tag.addEventListener("load", () => (window.Plotly ? resolve(window.Plotly) : reject(new Error(src))));
      tag.addEventListener("error", () => {
        window.dashboardPlotly = undefined; // the next chart tries again
        reject(new Error(src));
      });
      if (window.Plotly) resolve(window.Plotly); // the head's tag ran between the check above and now
    });
  }
  return window.dashboardPlotly;
}

// Full screen for one chart (Streamlit's own full-screen button belonged to st.plotly_chart): the chart takes the
// screen's size while shown and its own height again after.
const FULL_SCREEN_ICON = {
  width: 24,
  height: 24,
  path: "M7 14H5v5h5v-2H7v-3zm-2-4h2V7h3V5H5v5zm12 7h-3v2h5v-5h-2v3zM14 5v2h3v3h2V5h-5z",
};

function fullScreenButton(box, title, height) {
  const fit = (Plotly) => {
    const on = document.fullscreenElement === box;
    Plotly.relayout(box, on ? { width: window.innerWidth, height: window.innerHeight } : { width: null, height });
  };
  box.onfullscreenchange = () => window.Plotly && fit(window.Plotly);
  return {
    name: "fullScreen",
    title,
    icon: FULL_SCREEN_ICON,
    click: () => (document.fullscreenElement ? document.exitFullscreen() : box.requestFullscreen()),
  };
}

export default function (component) {
  const { data, parentElement } = component;
  let box = parentElement.querySelector(":scope > .dashboard-chart");
  if (!box) {
    box = document.createElement("div");
    box.className = "dashboard-chart";
    box.setAttribute("data-testid", "dashboardChart");
    parentElement.appendChild(box);
  }
  const figure = JSON.parse(data.figure);
  box.style.height = `${(figure.layout && figure.layout.height) || 450}px`;
  let live = true;
  loadPlotly(data.src)
    .then((Plotly) => {
      if (!live) return;
      if (data.locale && !Plotly.dashboardLocales?.[data.locale.name]) {
        Plotly.register({ moduleType: "locale", name: data.locale.name, dictionary: data.locale.dictionary });
        Plotly.dashboardLocales = { ...(Plotly.dashboardLocales || {}), [data.locale.name]: true };
      }
      box.classList.remove("dashboard-chart-failed");
      const height = (figure.layout && figure.layout.height) || 450;
      const config = { ...data.config, modeBarButtonsToAdd: [fullScreenButton(box, data.fullScreen, height)] };
      return Plotly.react(box, figure.data, figure.layout, config);
    })
    .catch(() => {
      box.classList.add("dashboard-chart-failed");
      box.textContent = data.failed;
    });
  return () => {
    live = false;
    if (window.Plotly) window.Plotly.purge(box);
  };
}
