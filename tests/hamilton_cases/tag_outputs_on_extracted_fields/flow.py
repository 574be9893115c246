"""@tag_outputs gives different tags to each node a function makes."""

from hamilton.function_modifiers import extract_fields, tag_outputs


@tag_outputs(
    revenue={"owner": "finance", "pii": "false"},
    customer_email={"owner": "crm", "pii": "true"},
)
@extract_fields({"revenue": float, "customer_email": str})
def order(order_id: int) -> dict:
    return {"revenue": order_id * 1.5, "customer_email": f"c{order_id}@example.com"}
