// Draws the maps declared with `data-map` (templates/directory/includes/map.html) with
// Leaflet and Leaflet.markercluster from directory/static/vendor/.
//
// No inline script and no build step: this file is loaded with `defer` by
// templates/directory/includes/map_assets.html, whose <script> tag carries the URLs of the
// vendored libraries and marker images (hashed by the static files storage). The libraries
// are only fetched when the page has a map, so the memorial list in its list view does not
// pay for them. Everything the map shows is also listed on the page (its text alternative);
// without tiles (no MAP_TILE_URL, or the tile server unreachable) the markers, popups and
// controls still work on a plain background.
(() => {
  "use strict";

  // The most memorials one map draws. The API serves GeoJSON pages of up to
  // API_GEOJSON_MAX_PAGE_SIZE features (data-geojson-page-size) linked by `next`; we ask
  // for the largest page and follow `next` until this many are drawn, then say on the map
  // that it shows only the first ones. At 5,000 clustered markers Leaflet stays
  // responsive on a phone and the download stays around a megabyte before compression.
  const MAX_FEATURES = 5000;
  // A memorial alone on the map (or all of them on one spot) is not zoomed in further.
  const MAX_FIT_ZOOM = 15;
  // Radius of the "somewhere around here" circle, in metres, by location precision.
  const APPROXIMATE_RADIUS = { city: 5000, approximate: 300 };

  const script = document.currentScript;
  const maps = Array.from(document.querySelectorAll("[data-map]"));
  if (!script || maps.length === 0) {
    return;
  }
  const assets = script.dataset;

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const element = document.createElement("script");
      element.src = src;
      // Inserted scripts run in insertion order only when not async: markercluster
      // needs Leaflet's global `L`.
      element.async = false;
      element.addEventListener("load", resolve);
      element.addEventListener("error", () => reject(new Error(`Could not load ${src}`)));
      document.head.append(element);
    });
  }

  function format(text, count) {
    return (text || "").replace("%(count)s", String(count));
  }

  // A short note drawn over the map (bottom left), read with the map.
  function addNote(map, text) {
    const Note = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd() {
        const note = L.DomUtil.create("p", "map__note");
        note.textContent = text;
        L.DomEvent.disableClickPropagation(note);
        return note;
      },
    });
    new Note().addTo(map);
  }

  function createMap(element) {
    const data = element.dataset;
    const map = L.map(element, {
      zoomControl: false,
      // Set here, not by a tile layer: clustering needs it, and there may be no tiles.
      minZoom: 1,
      maxZoom: 19,
      // The wheel scrolls the page until the visitor focuses the map (click or Tab).
      scrollWheelZoom: false,
      keyboard: true,
      worldCopyJump: true,
    });
    L.control
      .zoom({
        zoomInTitle: data.textZoomIn || "Zoom in",
        zoomOutTitle: data.textZoomOut || "Zoom out",
      })
      .addTo(map);
    map.on("focus", () => map.scrollWheelZoom.enable());
    map.on("blur", () => map.scrollWheelZoom.disable());
    if (data.tileUrl) {
      L.tileLayer(data.tileUrl, {
        attribution: data.tileAttribution || "",
        maxZoom: 19,
        // The page's own policy (same-origin) sends no Referer, which tile servers
        // such as OpenStreetMap's require; they get our origin, never the page's path.
        referrerPolicy: "strict-origin-when-cross-origin",
      }).addTo(map);
    }
    map.on("popupopen", (event) => {
      const close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close && data.textClose) {
        close.setAttribute("aria-label", data.textClose);
        close.title = data.textClose;
      }
    });
    return map;
  }

  // Enter on a focused marker opens its popup (Leaflet); move the focus into it, and back
  // to the marker when it closes, so a keyboard user can follow the link.
  function keyboardPopup(marker) {
    marker.on("keypress", (event) => {
      if (event.originalEvent.key !== "Enter") {
        return;
      }
      const popup = marker.getPopup() && marker.getPopup().getElement();
      if (!popup) {
        return;
      }
      // The link when there is one; otherwise the text, so that it is read out.
      const link = popup.querySelector(".leaflet-popup-content a");
      const content = popup.querySelector(".leaflet-popup-content");
      if (link) {
        link.focus();
      } else if (content) {
        content.tabIndex = -1;
        content.focus();
      }
    });
    marker.on("popupclose", () => {
      const icon = marker.getElement();
      const popup = marker.getPopup() && marker.getPopup().getElement();
      if (icon && popup && popup.contains(document.activeElement)) {
        icon.focus();
      }
    });
  }

  function popupContent(properties, fallbackUrl) {
    const content = document.createElement("div");
    const link = document.createElement("a");
    // `web_url` is the memorial's page; an API without it still gives the slug.
    link.href = properties.web_url || fallbackUrl;
    link.textContent = properties.name;
    content.append(link);
    if (properties.city) {
      const place = document.createElement("p");
      place.className = "map__popup-place";
      place.textContent = properties.city;
      content.append(place);
    }
    return content;
  }

  function withPageSize(url, size) {
    const parsed = new URL(url, window.location.href);
    if (!parsed.searchParams.has("page_size")) {
      parsed.searchParams.set("page_size", String(size));
    }
    return parsed.pathname + parsed.search;
  }

  // All features of the collection at `url`, following `next`, up to MAX_FEATURES.
  async function fetchFeatures(url, pageSize) {
    const features = [];
    let next = withPageSize(url, Math.min(pageSize || MAX_FEATURES, MAX_FEATURES));
    let capped = false;
    while (next) {
      const response = await fetch(next, {
        headers: { Accept: "application/geo+json" },
        credentials: "same-origin",
      });
      if (!response.ok) {
        throw new Error(`${next} answered ${response.status}`);
      }
      const page = await response.json();
      features.push(...(page.features || []));
      if (features.length >= MAX_FEATURES) {
        capped = Boolean(page.next) || features.length > MAX_FEATURES;
        features.length = Math.min(features.length, MAX_FEATURES);
        break;
      }
      // `next` is absolute; ask our own origin for its path and query, so a proxy that
      // misreports the scheme or host never sends the map elsewhere (connect-src 'self').
      next = page.next ? withPageSize(page.next, pageSize) : null;
    }
    return { features, capped };
  }

  function clusterIcon(label) {
    return (cluster) => {
      const count = cluster.getChildCount();
      const size = count < 10 ? "small" : count < 100 ? "medium" : "large";
      const html = document.createElement("div");
      const visible = document.createElement("span");
      visible.setAttribute("aria-hidden", "true");
      visible.textContent = String(count);
      const spoken = document.createElement("span");
      spoken.className = "visually-hidden";
      spoken.textContent = format(label, count);
      html.append(visible, spoken);
      return L.divIcon({
        html,
        className: `marker-cluster marker-cluster-${size}`,
        iconSize: L.point(40, 40),
      });
    };
  }

  async function drawCollection(element, map) {
    const data = element.dataset;
    element.dataset.mapState = "loading";
    const clusters = L.markerClusterGroup({
      chunkedLoading: true,
      showCoverageOnHover: false,
      iconCreateFunction: clusterIcon(data.textCluster || "%(count)s memorials"),
    });
    map.addLayer(clusters);
    map.setView([20, 0], 2);
    let result;
    try {
      result = await fetchFeatures(data.geojsonUrl, Number(data.geojsonPageSize));
    } catch (error) {
      console.warn("The map could not load its memorials:", error);
      addNote(map, data.textFailed || "The map could not load the memorials.");
      element.dataset.mapState = "failed";
      return;
    }
    const markers = [];
    for (const feature of result.features) {
      const [longitude, latitude] = feature.geometry.coordinates;
      const properties = feature.properties || {};
      const marker = L.marker([latitude, longitude], {
        title: properties.name,
        alt: properties.name,
        keyboard: true,
      });
      const fallbackUrl = `${data.memorialUrlPrefix || "/memorials/"}${properties.slug || feature.id}/`;
      marker.bindPopup(() => popupContent(properties, fallbackUrl));
      keyboardPopup(marker);
      markers.push(marker);
    }
    clusters.addLayers(markers);
    if (markers.length > 0) {
      map.fitBounds(L.latLngBounds(markers.map((marker) => marker.getLatLng())), {
        padding: [24, 24],
        maxZoom: MAX_FIT_ZOOM,
      });
    } else {
      addNote(map, data.textEmpty || "No memorial to show on the map.");
    }
    if (result.capped) {
      addNote(map, format(data.textCapped, result.features.length));
    }
    element.dataset.featureCount = String(markers.length);
    element.dataset.mapState = "ready";
  }

  function drawPoint(element, map) {
    const data = element.dataset;
    const latitude = Number.parseFloat(data.latitude);
    const longitude = Number.parseFloat(data.longitude);
    if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) {
      element.dataset.mapState = "failed";
      return;
    }
    const label = data.markerLabel || "";
    const where = L.latLng(latitude, longitude);
    map.setView(where, MAX_FIT_ZOOM);
    const marker = L.marker(where, { title: label, alt: label, keyboard: true }).addTo(map);
    const content = document.createElement("div");
    const name = document.createElement("strong");
    name.textContent = label;
    content.append(name);
    if ("approximate" in data) {
      const radius = APPROXIMATE_RADIUS[data.approximate] || APPROXIMATE_RADIUS.approximate;
      const circle = L.circle(where, {
        radius,
        className: "map__approximate",
        interactive: false,
      }).addTo(map);
      const note = document.createElement("p");
      note.className = "map__popup-place";
      note.textContent = data.textApproximate || "Approximate location";
      content.append(note);
      addNote(map, data.textApproximate || "Approximate location");
      map.fitBounds(circle.getBounds(), { padding: [24, 24], maxZoom: MAX_FIT_ZOOM });
    }
    marker.bindPopup(content);
    keyboardPopup(marker);
    element.dataset.mapState = "ready";
  }

  async function main() {
    const clustered = maps.some((element) => "geojsonUrl" in element.dataset);
    try {
      await Promise.all([
        loadScript(assets.leaflet),
        clustered ? loadScript(assets.markercluster) : null,
      ]);
    } catch (error) {
      console.warn(error);
      for (const element of maps) {
        element.dataset.mapState = "failed";
      }
      return;
    }
    // Marker images by their hashed static URLs: Leaflet's own guess from leaflet.css
    // expects the file name `marker-icon.png` and misses hashed names.
    L.Icon.Default.imagePath = "";
    L.Icon.Default.mergeOptions({
      iconUrl: assets.markerIcon,
      iconRetinaUrl: assets.markerIconRetina,
      shadowUrl: assets.markerShadow,
    });
    for (const element of maps) {
      const map = createMap(element);
      if ("geojsonUrl" in element.dataset) {
        drawCollection(element, map).catch((error) => {
          console.warn("The map could not draw its memorials:", error);
          element.dataset.mapState = "failed";
        });
      } else {
        drawPoint(element, map);
      }
    }
  }

  main();
})();
