'use strict';
// The admin's navigation sidebar starts closed, so content lists get the width
// (the dashboard lists every section). Django's nav_sidebar.js opens it when no
// choice is remembered; once someone opens it with the « » button, it stays open.
try {
    if (localStorage.getItem('django.admin.navSidebarIsOpen') === null) {
        localStorage.setItem('django.admin.navSidebarIsOpen', 'false');
    }
} catch (e) {
    // Storage refused (private mode): Django's default applies.
}
