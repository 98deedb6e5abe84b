// Progressive: without JavaScript the badge snippet is selectable text; with it, one click copies it.
// A file of its own (not inline) because the Content-Security-Policy runs only the Portal's script files.
document.querySelectorAll('button.copy').forEach(function (b) {
    b.hidden = false;
    b.addEventListener('click', function () {
        var area = document.getElementById(b.dataset.target);
        var status = b.parentElement.querySelector('.copied');
        area.select();
        var done = function () { status.textContent = b.dataset.copied; };
        if (navigator.clipboard) navigator.clipboard.writeText(area.value).then(done, function () { document.execCommand('copy'); done(); });
        else { document.execCommand('copy'); done(); }
    });
});
