"""The Python clients of today against a running emulator: the openai SDK (chat, Responses, tools,
structured outputs), openai-agents (its default Responses model, function tools, typed output) and
LangChain (structured output, bound tools, the Responses API). Run by scripts/python-clients.mjs, which
starts the emulator and sets TOKENPACE_BASE_URL."""

import asyncio
import json
import os

import pytest
from openai import AsyncOpenAI, OpenAI, pydantic_function_tool
from pydantic import BaseModel

BASE_URL = os.environ["TOKENPACE_BASE_URL"]
TIMING = {"x-ttft-ms": "5", "x-itl-ms": "1", "x-output-length": "12"}


class Weather(BaseModel):
    city: str
    celsius: float


def client() -> OpenAI:
    return OpenAI(base_url=f"{BASE_URL}/v1", api_key="sk-test", max_retries=0, default_headers=TIMING)


WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
            "additionalProperties": False,
        },
        "strict": True,
    },
}
USER = [{"role": "user", "content": "Weather in Oslo?"}]


class TestOpenAIPython:
    def test_chat_stream_with_usage(self):
        stream = client().chat.completions.create(
            model="gpt-4o-mini", messages=USER, stream=True, stream_options={"include_usage": True}
        )
        chunks = list(stream)
        assert chunks[-1].usage.completion_tokens == 12

    def test_async_chat_with_n_and_seed(self):
        async def run():
            async_client = AsyncOpenAI(base_url=f"{BASE_URL}/v1", api_key="sk-test", default_headers=TIMING)
            first = await async_client.chat.completions.create(model="gpt-4o", messages=USER, n=2, seed=5)
            second = await async_client.chat.completions.create(model="gpt-4o", messages=USER, n=2, seed=5)
            return first, second

        first, second = asyncio.run(run())
        assert len(first.choices) == 2
        assert [choice.message.content for choice in first.choices] == [
            choice.message.content for choice in second.choices
        ]

    def test_responses_create_and_stream(self):
        response = client().responses.create(model="gpt-4o-mini", input="Say hello.")
        assert response.status == "completed"
        assert response.usage.output_tokens == 12
        with client().responses.stream(model="gpt-4o-mini", input="Say hello.") as stream:
            deltas = "".join(event.delta for event in stream if event.type == "response.output_text.delta")
            final = stream.get_final_response()
        assert final.output_text == deltas

    def test_forced_and_required_tool_calls(self):
        for tool_choice in ({"type": "function", "function": {"name": "get_weather"}}, "required"):
            completion = client().chat.completions.create(
                model="gpt-4o", messages=USER, tools=[WEATHER_TOOL], tool_choice=tool_choice
            )
            call = completion.choices[0].message.tool_calls[0]
            assert call.function.name == "get_weather"
            assert isinstance(json.loads(call.function.arguments)["city"], str)

    def test_parse_with_pydantic_response_format_and_tool(self):
        parsed = client().chat.completions.parse(model="gpt-4o", messages=USER, response_format=Weather)
        assert isinstance(parsed.choices[0].message.parsed, Weather)
        with_tool = client().chat.completions.parse(
            model="gpt-4o", messages=USER, tools=[pydantic_function_tool(Weather)]
        )
        assert isinstance(with_tool.choices[0].message.tool_calls[0].function.parsed_arguments, Weather)

    def test_json_object_mode(self):
        completion = client().chat.completions.create(
            model="gpt-4o",
            messages=[{"role": "user", "content": "Answer in JSON."}],
            response_format={"type": "json_object"},
        )
        assert isinstance(json.loads(completion.choices[0].message.content), dict)


class TestOpenAIAgents:
    @pytest.fixture(autouse=True)
    def default_client(self):
        from agents import set_default_openai_client, set_tracing_disabled

        set_tracing_disabled(True)
        set_default_openai_client(
            AsyncOpenAI(base_url=f"{BASE_URL}/v1", api_key="sk-test", default_headers=TIMING),
            use_for_tracing=False,
        )

    def test_default_model_text(self):
        from agents import Agent, Runner

        result = Runner.run_sync(Agent(name="greeter", instructions="Be brief.", model="gpt-4o"), "Hi")
        assert isinstance(result.final_output, str)
        assert result.final_output != ""

    def test_function_tool_is_called_then_answered(self):
        from agents import Agent, Runner, function_tool

        calls = []

        @function_tool
        def get_weather(city: str) -> str:
            """Current weather in a city."""
            calls.append(city)
            return "3 degrees"

        agent = Agent(name="weather", model="gpt-4o", tools=[get_weather])
        result = Runner.run_sync(agent, "Weather in Oslo?")
        assert len(calls) == 1
        assert isinstance(result.final_output, str)

    def test_output_type(self):
        from agents import Agent, Runner

        result = Runner.run_sync(Agent(name="typed", model="gpt-4o", output_type=Weather), "Weather in Oslo?")
        assert isinstance(result.final_output, Weather)


class TestLangChain:
    def model(self, **kwargs):
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model="gpt-4o", base_url=f"{BASE_URL}/v1", api_key="sk-test", default_headers=TIMING, **kwargs
        )

    def test_invoke_and_stream(self):
        assert self.model().invoke("Hi").content != ""
        assert "".join(chunk.content for chunk in self.model().stream("Hi")) != ""

    def test_with_structured_output(self):
        assert isinstance(self.model().with_structured_output(Weather).invoke("Weather in Oslo?"), Weather)
        # JSON mode promises a JSON object, not a schema: with a JSON schema given as a dict, LangChain hands back
        # the parsed object without validating it.
        as_json = self.model().with_structured_output(Weather.model_json_schema(), method="json_mode").invoke(
            "Weather in Oslo? Answer in JSON."
        )
        assert isinstance(as_json, dict)

    def test_bind_tools(self):
        message = self.model().bind_tools([Weather]).invoke("Weather in Oslo?")
        assert message.tool_calls[0]["name"] == "Weather"

    def test_responses_api(self):
        message = self.model(use_responses_api=True).invoke("Hi")
        assert message.text != ""
