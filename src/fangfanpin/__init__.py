"""Fangfanpin (防返贫): anti-poverty-return monitoring for townships, counties and cities."""
