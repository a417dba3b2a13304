/*
 * django-prose-editor in Vietnamese (every Publishable's rich-text field).
 *
 * The package has two kinds of words:
 *  - those it passes through window.gettext (dialogs: "Insert Table", "Image URL", ...),
 *    read once when its module is evaluated. This classic script runs before any
 *    module, after the admin's JavaScript catalog (admin:jsi18n), and answers them
 *    from VI when the catalog has no translation;
 *  - those it writes as they are (the menu: "bold", "insert link", "Heading 2",
 *    "Paragraph"). Its Menu has no option for them, so they are set here, on each
 *    editor once it is ready ("prose-editor:ready"), and on its dialogs when they open.
 *
 * tests/editorial/test_editor_words.py checks that every word of the installed
 * package's menu and dialogs has its Vietnamese here.
 */
(function () {
    'use strict';

    var VI = {
        // Menu buttons (title and aria-label) and block menu options.
        'bold': 'Chữ đậm',
        'italic': 'Chữ nghiêng',
        'underline': 'Gạch chân',
        'strike': 'Gạch ngang',
        'subscript': 'Chỉ số dưới',
        'superscript': 'Chỉ số trên',
        'insert link': 'Chèn liên kết',
        'remove link': 'Bỏ liên kết',
        'Insert table': 'Chèn bảng',
        'undo': 'Hoàn tác',
        'redo': 'Làm lại',
        'unordered list': 'Danh sách gạch đầu dòng',
        'ordered list': 'Danh sách đánh số',
        'blockquote': 'Trích dẫn',
        'horizontal rule': 'Đường kẻ ngang',
        'figure': 'Chèn ảnh',
        'paragraph': 'Đoạn văn',
        'Paragraph': 'Đoạn văn',
        'edit HTML': 'Sửa mã HTML',
        'Toggle fullscreen': 'Toàn màn hình',
        'List properties': 'Kiểu danh sách',
        'Merge cells': 'Gộp ô',
        'Split cell': 'Tách ô',
        'Code': 'Mã',
        'Code block': 'Khối mã',
        'Add column': 'Thêm cột',
        'Add row': 'Thêm hàng',
        'Delete column': 'Xóa cột',
        'Delete row': 'Xóa hàng',
        'Delete table': 'Xóa bảng',
        'Toggle header cell': 'Bật/tắt ô tiêu đề',
        'Reset all classes': 'Bỏ mọi kiểu',
        // Dialogs (through gettext).
        'Add caption': 'Thêm chú thích',
        'Remove caption': 'Bỏ chú thích',
        'Alternative Text': 'Mô tả ảnh (cho người không xem được ảnh)',
        'Browse...': 'Chọn trong thư viện ảnh…',
        'Bullets': 'Gạch đầu dòng',
        'Cancel': 'Hủy',
        'Caption': 'Chú thích ảnh',
        'Columns': 'Số cột',
        'Rows': 'Số hàng',
        'Decimal numbers': 'Số (1, 2, 3)',
        'Lowercase letters': 'Chữ thường (a, b, c)',
        'Uppercase letters': 'Chữ hoa (A, B, C)',
        'Lowercase Roman numerals': 'Số La Mã thường (i, ii, iii)',
        'Uppercase Roman numerals': 'Số La Mã hoa (I, II, III)',
        'Edit Figure': 'Sửa ảnh',
        'Edit Image': 'Sửa ảnh',
        'Insert Figure': 'Chèn ảnh',
        'Edit HTML': 'Sửa mã HTML',
        'Edit Link': 'Sửa liên kết',
        'Image URL': 'Địa chỉ ảnh',
        'Include header row': 'Có hàng tiêu đề',
        'Insert': 'Chèn',
        'Insert Table': 'Chèn bảng',
        'Table Properties': 'Bảng mới',
        'List type': 'Kiểu đánh số',
        'Start at': 'Bắt đầu từ',
        'Open in new window': 'Mở ở cửa sổ mới',
        'Prettify': 'Xếp lại mã cho dễ đọc',
        'The HTML contents of the editor. Note that the allowed HTML is restricted by the editor schema.':
            'Mã HTML của nội dung. Chỉ những thẻ trình soạn thảo cho phép được giữ lại.',
        'Title': 'Tiêu đề',
        'URL': 'Địa chỉ',
        'Update': 'Cập nhật',
        'Yes': 'Có',
        'No': 'Không'
    };
    var HEADING = /^heading (\d)$/i;

    function vi(text) {
        if (!text) {
            return text;
        }
        var key = text.trim();
        if (Object.prototype.hasOwnProperty.call(VI, key)) {
            return VI[key];
        }
        var heading = HEADING.exec(key);
        return heading ? 'Tiêu đề ' + heading[1] : text;
    }

    // 1. The package's gettext: the admin's catalog first, then these words.
    var catalog = window.gettext;
    window.gettext = function (text) {
        var translated = catalog ? catalog(text) : text;
        return translated === text ? vi(text) : translated;
    };

    // 2. The words it writes as they are; never inside the text being edited.
    function writing(element) {
        return element.closest('[contenteditable]') !== null;
    }

    function relabel(root) {
        root.querySelectorAll('[title], [aria-label]').forEach(function (element) {
            if (writing(element)) {
                return;
            }
            ['title', 'aria-label'].forEach(function (name) {
                var value = element.getAttribute(name);
                var translated = vi(value);
                if (value && translated !== value) {
                    element.setAttribute(name, translated);
                }
            });
        });
        // Options of the block menu ("Heading 2", "Paragraph") and of dialogs' selects;
        // never a button's own text, which names its icon.
        root.querySelectorAll('.prose-menubar__option > *, option, label, dialog button').forEach(
            function (element) {
                if (element.children.length === 0 && !writing(element) &&
                        !element.classList.contains('material-icons')) {
                    var translated = vi(element.textContent);
                    if (translated !== element.textContent) {
                        element.textContent = translated;
                    }
                }
            }
        );
    }

    document.addEventListener('prose-editor:ready', function (event) {
        var textarea = event.detail && event.detail.textarea;
        var wrapper = (textarea && textarea.closest('.prose-editor')) || document;
        relabel(wrapper);
        // Menus it adds later (the floating one over a photo) and its dialogs.
        new MutationObserver(function (records) {
            records.forEach(function (record) {
                record.addedNodes.forEach(function (node) {
                    if (node.nodeType === 1 && !writing(node)) {
                        relabel(node);
                    }
                });
            });
        }).observe(wrapper, { childList: true, subtree: true });
    });
    new MutationObserver(function (records) {
        records.forEach(function (record) {
            record.addedNodes.forEach(function (node) {
                if (node.nodeType === 1 && node.matches('dialog, .prose-menubar, .prose-editor-dialog')) {
                    relabel(node);
                }
            });
        });
    }).observe(document.documentElement, { childList: true, subtree: true });
}());
