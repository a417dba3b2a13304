'use strict';
// The writing screen of every Publishable (templates/admin/editorial/change_form.html):
// character counts, the slug as the server will make it, Ctrl+S, autosave to the
// user's slot on the server (editorial.admin.PublishableAdmin.autosave_view), a
// copy kept in localStorage when the session has expired, and a question before
// leaving with unsaved changes. Settings come from #writing-screen's data-
// attributes; no inline script (the admin's Content-Security-Policy).
(function () {
    var editors = new Map(); // textarea -> the rich-text editor (django-prose-editor)
    document.addEventListener('prose-editor:ready', function (event) {
        editors.set(event.detail.textarea, event.detail.editor);
    });

    var WEEKDAYS = ['Chủ Nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
    var MAX_WAIT = 30000; // save at least this often while someone keeps typing
    // This page's own name, so the server can tell two tabs writing one slot apart.
    var TAB = Date.now().toString(36) + Math.random().toString(36).slice(2, 8);

    function pad(n) { return (n < 10 ? '0' : '') + n; }

    // "Thứ Ba 01/12/2026 20:43", like the server's editorial.admin._when.
    function when(date) {
        return WEEKDAYS[date.getDay()] + ' ' + pad(date.getDate()) + '/' + pad(date.getMonth() + 1) +
            '/' + date.getFullYear() + ' ' + pad(date.getHours()) + ':' + pad(date.getMinutes());
    }

    // The slug core/text.py's slugify makes: đ -> d, no diacritics, then Django's slugify.
    function slugify(value, maxLength) {
        var text = value.normalize('NFC').replace(/[đð]/g, 'd').replace(/[ĐÐ]/g, 'D');
        text = text.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
        text = text.normalize('NFKD').replace(/[^\x00-\x7f]/g, '');
        text = text.toLowerCase().replace(/[^\w\s-]/g, '');
        text = text.replace(/[-\s]+/g, '-').replace(/^[-_]+|[-_]+$/g, '');
        if (maxLength) {
            text = text.slice(0, maxLength);
        }
        return text.replace(/^-+|-+$/g, '');
    }

    function cookie(name) {
        var found = document.cookie.split('; ').find(function (part) {
            return part.indexOf(name + '=') === 0;
        });
        return found ? decodeURIComponent(found.slice(name.length + 1)) : '';
    }

    function init() {
        var config = document.getElementById('writing-screen');
        var form = config && config.closest('form');
        if (!form) {
            return;
        }
        var settings = config.dataset;
        var notice = document.getElementById('autosave-notice');
        var submitting = false;
        var timer = null;
        var firstChange = 0;
        var saving = false;

        function say(text, kind) {
            notice.textContent = text;
            notice.className = 'writing-notice' + (kind ? ' writing-notice-' + kind : '');
        }

        // ------------------------------------------------------------ counts and slug

        function counter(field, min, max) {
            var input = form.elements[field];
            if (!input) {
                return;
            }
            input.closest('.form-row').classList.add('writing-' + field);
            var out = document.createElement('p');
            out.className = 'writing-count';
            out.id = 'writing-count-' + field;
            out.setAttribute('aria-live', 'polite');
            input.insertAdjacentElement('afterend', out);
            input.setAttribute('aria-describedby', out.id);
            function update() {
                var length = Array.from(input.value.trim()).length;
                var text = length + ' ký tự';
                var state = '';
                if (min && max) {
                    text += ' · nên dài ' + min + '–' + max + ' ký tự';
                    state = length === 0 ? '' : length < min ? 'short' : length > max ? 'long' : 'good';
                    if (state === 'short') { text += ' (còn ngắn)'; }
                    if (state === 'long') { text += ' (quá dài)'; }
                }
                out.textContent = text;
                out.dataset.state = state;
            }
            input.addEventListener('input', update);
            update();
            return update;
        }

        var titleField = settings.titleField;
        var updateTitle = titleField && counter(titleField, +settings.titleMin, +settings.titleMax);
        var updateLead = settings.leadField && counter(settings.leadField);

        var updateSlug = function () {};
        var slugInput = settings.slugField && form.elements[settings.slugField];
        if (slugInput) {
            var preview = document.createElement('p');
            preview.className = 'writing-slug';
            preview.id = 'writing-slug';
            preview.setAttribute('aria-live', 'polite');
            slugInput.insertAdjacentElement('afterend', preview);
            slugInput.closest('.form-row').classList.add('writing-slug-row');
            updateSlug = function () {
                var typed = slugInput.value.trim();
                var title = titleField && form.elements[titleField] ? form.elements[titleField].value : '';
                var slug = slugify(typed || title, +settings.slugMax) || '…';
                var url = settings.slugUrl ? settings.slugUrl.replace('{slug}', slug) : slug;
                var code = document.createElement('code');
                code.textContent = url;
                preview.replaceChildren('Địa chỉ trang: ', code, typed ? '' : ' (tạo từ tiêu đề; nếu trùng sẽ thêm -2)');
            };
            slugInput.addEventListener('input', updateSlug);
            if (titleField && form.elements[titleField]) {
                form.elements[titleField].addEventListener('input', updateSlug);
            }
            updateSlug();
        }

        // ------------------------------------------------------------ the form's values

        function pairs() {
            var params = new URLSearchParams();
            new FormData(form).forEach(function (value, key) {
                if (typeof value === 'string' && key !== 'csrfmiddlewaretoken') {
                    params.append(key, value);
                }
            });
            return params;
        }

        function fieldsOf(params) {
            var fields = {};
            params.forEach(function (value, key) {
                if (key === 'expected_version') { return; }
                (fields[key] = fields[key] || []).push(value);
            });
            return fields;
        }

        function setValue(element, values) {
            if (element.type === 'checkbox' || element.type === 'radio') {
                element.checked = values.indexOf(element.value) >= 0;
            } else if (element.tagName === 'SELECT') {
                values.forEach(function (value) {
                    if (value && !Array.from(element.options).some(function (o) { return o.value === value; })) {
                        element.add(new Option(value, value)); // an autocomplete's choice not loaded yet
                    }
                });
                Array.from(element.options).forEach(function (option) {
                    option.selected = values.indexOf(option.value) >= 0;
                });
            } else if (element.type !== 'file' && element.type !== 'hidden' || element.name === 'expected_version') {
                element.value = values.length ? values[0] : '';
            }
            var editor = editors.get(element);
            if (editor) {
                editor.commands.setContent(element.value);
            }
            element.dispatchEvent(new Event('input', { bubbles: true }));
            element.dispatchEvent(new Event('change', { bubbles: true }));
            if (window.django && window.django.jQuery && element.tagName === 'SELECT') {
                window.django.jQuery(element).trigger('change.select2');
            }
        }

        function fill(fields, baseVersion) {
            Object.keys(fields).forEach(function (name) {
                form.querySelectorAll('[name="' + CSS.escape(name) + '"]').forEach(function (element) {
                    setValue(element, fields[name]);
                });
            });
            // The version the copy was made on: saving it goes through the same
            // version check, so an older copy can never overwrite a newer save.
            if (baseVersion && form.elements.expected_version) {
                form.elements.expected_version.value = baseVersion;
            }
            [updateTitle, updateLead, updateSlug].forEach(function (update) { if (update) { update(); } });
        }

        var initial = pairs().toString();
        var lastSent = initial;
        window.addEventListener('load', function () {
            // The editors have rendered by now: what is on screen is the saved state.
            if (!dirtySinceLoad) {
                initial = lastSent = pairs().toString();
            }
        });
        var dirtySinceLoad = false;

        function dirty() {
            return !submitting && pairs().toString() !== initial;
        }

        // ------------------------------------------------------------ autosave

        function keepLocally(params, message) {
            try {
                localStorage.setItem(settings.storageKey, JSON.stringify({
                    savedAt: Date.now(),
                    baseVersion: params.get('expected_version') || null,
                    fields: fieldsOf(params),
                }));
            } catch (e) {
                message = 'Không tự lưu được và trình duyệt không cho giữ bản nháp: hãy chép nội dung ra ngoài.';
            }
            say(message, 'error');
        }

        function save(options) {
            clearTimeout(timer);
            timer = null;
            firstChange = 0;
            if (submitting || saving) {
                return Promise.resolve();
            }
            var params = pairs();
            var body = params.toString();
            if (body === lastSent && !(options && options.force)) {
                return Promise.resolve();
            }
            params.append('_tab', TAB);
            saving = true;
            var token = cookie('csrftoken') || form.elements.csrfmiddlewaretoken.value;
            return fetch(settings.autosaveUrl, {
                method: 'POST',
                body: params,
                credentials: 'same-origin',
                redirect: 'manual',
                keepalive: !!(options && options.keepalive) && body.length < 60000,
                headers: { 'X-CSRFToken': token, 'X-Requested-With': 'XMLHttpRequest' },
            }).then(function (response) {
                var expired = 'Phiên đăng nhập đã hết, bản nháp được giữ trên máy này; đăng nhập lại để lưu.';
                if (response.type === 'opaqueredirect' || response.status === 401) {
                    keepLocally(params, expired);
                    return;
                }
                if (response.status === 403) {
                    // Our JSON refusal (no right to edit this any more), or Django's
                    // CSRF page when the session and its token are gone.
                    return response.json().then(function (result) {
                        keepLocally(params, result.error + ' Bản nháp được giữ trên máy này.');
                    }, function () {
                        keepLocally(params, expired);
                    });
                }
                if (response.status === 413) {
                    keepLocally(params, 'Bản nháp quá lớn để tự lưu; hãy bấm Lưu.');
                    return;
                }
                if (!response.ok) {
                    keepLocally(params, 'Không tự lưu được (lỗi máy chủ); bản nháp được giữ trên máy này.');
                    return;
                }
                return response.json().then(function (result) {
                    lastSent = body;
                    try { localStorage.removeItem(settings.storageKey); } catch (e) { /* nothing kept */ }
                    if (result.other_tab) {
                        say(result.other_tab, 'error');
                    } else {
                        say('Đã tự lưu bản nháp lúc ' + result.saved_at_text.slice(-5) + '.', 'ok');
                    }
                    notice.dataset.savedAt = result.saved_at;
                });
            }).catch(function () {
                keepLocally(params, 'Mất kết nối, bản nháp được giữ trên máy này; sẽ tự lưu lại khi có mạng.');
            }).finally(function () {
                saving = false;
            });
        }

        function changed() {
            dirtySinceLoad = true;
            if (submitting) {
                return;
            }
            var now = Date.now();
            firstChange = firstChange || now;
            clearTimeout(timer);
            var wait = Math.min(+settings.autosaveDelay, Math.max(0, firstChange + MAX_WAIT - now));
            timer = setTimeout(save, wait);
        }

        form.addEventListener('input', changed);
        form.addEventListener('change', changed);
        document.addEventListener('visibilitychange', function () {
            if (document.visibilityState === 'hidden' && dirty()) {
                save({ keepalive: true });
            }
        });
        window.addEventListener('online', function () { if (dirty()) { save(); } });

        form.addEventListener('submit', function () {
            submitting = true;
            clearTimeout(timer);
        });

        window.addEventListener('beforeunload', function (event) {
            if (dirty()) {
                event.preventDefault();
                event.returnValue = '';
            }
        });

        // Ctrl+S (⌘S on a Mac): "Lưu và tiếp tục sửa".
        document.addEventListener('keydown', function (event) {
            if ((event.ctrlKey || event.metaKey) && !event.altKey && (event.key === 's' || event.key === 'S')) {
                event.preventDefault();
                var button = form.querySelector('input[name=_continue]') || form.querySelector('input[name=_save]');
                if (button && !submitting) {
                    button.click();
                }
            }
        });

        // ------------------------------------------------------------ restore offers

        var offer = document.getElementById('autosave-offer');
        var slotData = document.getElementById('autosave-slot');
        if (offer && slotData) {
            var slot = JSON.parse(slotData.textContent);
            offer.querySelector('[data-autosave=restore]').addEventListener('click', function () {
                fill(slot.fields, slot.base_version);
                offer.hidden = true;
                say('Đã khôi phục bản tự lưu. Bấm “Lưu” để lưu lại.', 'ok');
            });
            offer.querySelector('[data-autosave=discard]').addEventListener('click', function () {
                var params = new URLSearchParams({ _discard: '1' });
                fetch(settings.autosaveUrl, {
                    method: 'POST',
                    body: params,
                    credentials: 'same-origin',
                    headers: { 'X-CSRFToken': cookie('csrftoken') || form.elements.csrfmiddlewaretoken.value },
                });
                offer.hidden = true;
            });
        }

        var localOffer = document.getElementById('local-offer');
        var kept = null;
        try {
            kept = JSON.parse(localStorage.getItem(settings.storageKey) || 'null');
        } catch (e) {
            kept = null;
        }
        if (kept && kept.fields) {
            localOffer.querySelector('[data-local-text]').textContent =
                'Có bản nháp giữ trên máy này lúc ' + when(new Date(kept.savedAt)) +
                ' (chưa lưu được lên máy chủ). Khôi phục để tự lưu nó lên máy chủ.' +
                (kept.baseVersion && form.elements.expected_version &&
                    +kept.baseVersion < +form.elements.expected_version.value
                    ? ' Bản này cũ hơn phiên bản đã lưu sau đó: nếu khôi phục, bạn sẽ không lưu đè được lên bản mới.'
                    : '');
            localOffer.hidden = false;
            localOffer.querySelector('[data-local=restore]').addEventListener('click', function () {
                fill(kept.fields, kept.baseVersion);
                localOffer.hidden = true;
                save({ force: true });
            });
            localOffer.querySelector('[data-local=discard]').addEventListener('click', function () {
                try { localStorage.removeItem(settings.storageKey); } catch (e) { /* gone already */ }
                localOffer.hidden = true;
            });
        }
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', init);
    } else {
        init();
    }
}());
