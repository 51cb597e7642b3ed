// Live status on a claim's page: follows the page's server-sent events (GET /claims/{id}/events)
// and updates the status badge, its detail and the ClaimReview JSON-LD when the claim changes.
// The verdicts, the due line and the timeline are not rewritten: a change reveals a notice
// there that the page is out of date, with a link to reload it.
// Without JavaScript the page is complete as served; a reload shows a change.
'use strict';
(function () {
  var box = document.getElementById('status');
  if (!box || !('EventSource' in window)) {
    return;
  }

  var url = box.getAttribute('data-events');
  // The sequence of the last change shown: the first event after (re)connecting is the claim as
  // it stands, a change only when its sequence is newer than the page's.
  var shown = Number(new URL(url, document.baseURI).searchParams.get('after') || '0');
  var source = null;

  function show(event) {
    var update = JSON.parse(event.data);
    var sequence = Number(event.lastEventId || '0');
    if (sequence <= shown) {
      return;
    }
    shown = sequence;
    var name = document.getElementById('status-name');
    name.textContent = update.status;
    name.className = 'status status-' + update.status.toLowerCase();
    document.getElementById('status-detail').textContent = update.detail;
    var stale = document.getElementById('stale');
    if (stale) {
      stale.hidden = false;
    }

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
  }

  function open() {
    if (source === null) {
      source = new EventSource(url);
      source.addEventListener('status', show);
    }
  }

  // Closing frees the page's slot (the web bounds live readers) and one of the browser's few
  // connections to this site; reopening catches up at once, with the claim as it stands.
  function close() {
    if (source !== null) {
      source.close();
      source = null;
    }
  }

  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') {
      close();
    } else {
      open();
    }
  });
  // Leaving the page closes the stream at once, rather than when the browser gets round to it;
  // coming back to it from the back/forward cache opens it again.
  window.addEventListener('pagehide', close);
  window.addEventListener('pageshow', function (event) {
    if (event.persisted && document.visibilityState !== 'hidden') {
      open();
    }
  });
  if (document.visibilityState !== 'hidden') {
    open();
  }
})();
