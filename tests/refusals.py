"""What the tests ask of a service's refusal: the codes it gave, on a field or not."""


def codes(error) -> set[str]:
    if hasattr(error, "error_dict"):
        return {each.code for errors in error.error_dict.values() for each in errors}
    return {each.code for each in error.error_list}
