"""Whatever a client sends in the comment form, the answer is a page, never a 500."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Any text a browser could send (lone surrogates cannot be encoded, so no browser sends them).
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=TEXT, email=st.one_of(TEXT, st.emails()), website=TEXT, body=TEXT,
       parent_id=TEXT, remember=TEXT, homepage=TEXT)
def test_any_form_values_get_a_proper_answer(reader, name, email, website, body, parent_id,
                                            remember, homepage):
    response = reader.post(name=name, email=email, website=website, body=body,
                           parent_id=parent_id, remember=remember, homepage=homepage)
    assert response.status_code in (303, 409, 422), response.status_code
    if response.status_code != 303:
        assert 'id="respond"' in response.get_data(as_text=True)
