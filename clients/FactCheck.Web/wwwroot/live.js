// Live status on a claim's page: follows the page's server-sent events (GET /claims/{id}/events)
// and updates the status badge, its detail and the ClaimReview JSON-LD when the claim changes.
// Without JavaScript the page is complete as served; a reload shows a change.
'use strict';
(function () {
  var box = document.getElementById('status');
  if (!box || !('EventSource' in window)) {
    return;
  }

  var source = new EventSource(box.getAttribute('data-events'));
  source.addEventListener('status', function (event) {
    var update = JSON.parse(event.data);
    var name = document.getElementById('status-name');
    name.textContent = update.status;
    name.className = 'status status-' + update.status.toLowerCase();
    document.getElementById('status-detail').textContent = update.detail;

    var review = document.getElementById('claim-review');
    if (update.claimReview) {
      if (!review) {
        review = document.createElement('script');
        review.type = 'application/ld+json';
        review.id = 'claim-review';
        document.head.appendChild(review);
      }
      review.textContent = update.claimReview;
    } else if (review) {
      review.remove();
    }
  });
  // Leaving the page closes the stream at once, rather than when the browser gets round to it.
  window.addEventListener('pagehide', function () {
    source.close();
  });
})();
