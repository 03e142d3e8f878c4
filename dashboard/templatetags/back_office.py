from django import template

from dashboard.navigation import navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def back_office_navigation(context):
    """`{% back_office_navigation as nav %}`: nav.links for the menu, nav.opens.<key> for a
    link in a page's text; both the pages' own answer (dashboard.navigation)."""
    return navigation(context["request"])
