// The live parts of a page (a race's pools and odds, the fleet's counts and table) are
// fetched again every two seconds and swapped in; everything else, forms included, works
// without this.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const part of document.querySelectorAll("[data-refresh]")) {
    const refresh = async () => {
      try {
        const answer = await fetch(part.dataset.refresh, {
          credentials: "same-origin", headers: { "Accept": "text/html" },
          signal: AbortSignal.timeout(5000),
        });
        if (answer.redirected || !answer.ok) return;  // logged out, or the server restarting
        part.innerHTML = await answer.text();
        part.dataset.refreshedAt = String(Date.now());
      } catch (error) {
        // the server unreachable for a moment: the next round tries again
      }
    };
    setInterval(refresh, 2000);
  }
});
