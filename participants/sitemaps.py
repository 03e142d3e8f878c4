from core.sitemaps import PagesSitemap


class StatementsSitemap(PagesSitemap):
    names = ("participants:privacy", "participants:accessibility")
    priority = 0.3
