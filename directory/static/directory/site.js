// Progressive enhancements of the public pages. Loaded with `defer`; no inline script.
//
// "Use my location" on the memorial list (`button[data-near-me]`, hidden in the HTML):
// shown only when the browser can tell its location. A click asks for it, writes it into
// the `near` field as "latitude,longitude" (5 decimals, about a metre), clears `place` and
// submits the form. When the visitor refuses or the location cannot be found, a polite
// live region says to type a city or coordinates instead; the form works without it.
(() => {
  "use strict";

  const script = document.currentScript;
  const texts = script ? script.dataset : {};

  function enableNearMe(button) {
    const form = button.form;
    if (!form || !form.elements.near || !("geolocation" in navigator)) {
      return;
    }
    // Present (and empty) before anything is said, so screen readers announce changes.
    const status = document.createElement("p");
    status.className = "near-me__status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    button.after(status);
    button.hidden = false;

    // aria-disabled, not disabled: a disabled button would lose the keyboard focus.
    const busy = (value) => button.setAttribute("aria-disabled", String(value));
    button.addEventListener("click", () => {
      if (button.getAttribute("aria-disabled") === "true") {
        return;
      }
      busy(true);
      status.textContent = texts.nearMeLocating || "";
      navigator.geolocation.getCurrentPosition(
        (position) => {
          const { latitude, longitude } = position.coords;
          form.elements.near.value = `${latitude.toFixed(5)},${longitude.toFixed(5)}`;
          if (form.elements.place) {
            form.elements.place.value = "";
          }
          status.textContent = "";
          busy(false);
          if (typeof form.requestSubmit === "function") {
            form.requestSubmit();
          } else {
            form.submit();
          }
        },
        (error) => {
          busy(false);
          status.textContent =
            error.code === error.PERMISSION_DENIED ? texts.nearMeRefused : texts.nearMeFailed;
        },
        { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 },
      );
    });
  }

  for (const button of document.querySelectorAll("button[data-near-me]")) {
    enableNearMe(button);
  }
})();
