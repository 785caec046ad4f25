// Drives a running Cramp Coach server with virtual-alexa, a third-party Alexa client.
//
// Used by tests/virtual_alexa/test_virtual_alexa.py; run by hand as
//     node tests/virtual_alexa/drive.js
// then type one JSON command per line; each gets one JSON line back:
//     {"op": "create", "url": "http://127.0.0.1:9500/alexa", "model": "interaction_model/interactionModels/custom/en-US.json",
//      "locale": "en-US", "skillId": "amzn1.ask.skill...", "deviceId": "amzn1.ask.device.TEST"}
//     {"op": "launch"}  {"op": "utter", "text": "what causes leg cramps"}  {"op": "intend", "intent": "AMAZON.YesIntent"}
//     ("utter" matches the words with virtual-alexa's matcher and sends that intent; unlike
//     VirtualAlexa.utter it does not take any phrase with "ask" or "tell" in it for a launch)
//     {"op": "connectionsResponse", "name": "AskFor", "payload": {"status": "ACCEPTED"}, "token": "..."}
//     {"op": "endSession", "reason": "USER_INITIATED"}   a SessionEndedRequest
//     {"op": "newSession"}                                  the person walks away: the next request opens a new session
//     {"op": "patch", "set": {"context.System.apiEndpoint": "https://127.0.0.1:1234"}, "unset": ["..."]}
//     {"op": "match", "utterances": ["..."]}                virtual-alexa's own matcher, nothing sent
// A request answers {"request": <what was sent>, "response": <what came back>}; a failure {"error": "..."}.
"use strict";

const readline = require("readline");
const _ = require("lodash");
const { VirtualAlexa, SessionEndedReason } = require("virtual-alexa");
const { Utterance } = require("virtual-core");

let alexa = null;
let sent = null;
let patches = { set: {}, unset: [] };

function create(command) {
    alexa = VirtualAlexa.Builder()
        .skillURL(command.url)
        .interactionModelFile(command.model)
        .locale(command.locale)
        .applicationID(command.skillId)
        .create();
    if (command.deviceId) {
        alexa.context().device().setID(command.deviceId);
    }
    alexa.filter((request) => {
        for (const [path, value] of Object.entries(patches.set)) {
            _.set(request, path, value);
        }
        for (const path of patches.unset) {
            _.unset(request, path);
        }
        sent = _.cloneDeep(request);
    });
    const model = alexa.context().interactionModel();
    return { intents: model.intentSchema.intents().map((intent) => intent.name),
             userId: alexa.context().user().id() };
}

function match(utterances) {
    const model = alexa.context().interactionModel();
    return utterances.map((text) => {
        const utterance = new Utterance(model, text);
        return { utterance: text, intent: utterance.matched() ? utterance.intent() : null,
                 slots: utterance.matched() ? utterance.toJSON() : {} };
    });
}

function send(command) {
    switch (command.op) {
        case "launch":
            return alexa.launch();
        case "utter": {
            const [heard] = match([command.text]);
            if (!heard.intent) {
                throw new Error("virtual-alexa matches no intent for: " + command.text);
            }
            return alexa.intend(heard.intent, heard.slots);
        }
        case "intend":
            return alexa.intend(command.intent, command.slots || {});
        case "connectionsResponse":
            return alexa.request()
                .connectionsResponse(command.name, command.payload, command.token, command.code || 200)
                .send();
        case "endSession":
            return alexa.endSession(SessionEndedReason[command.reason || "USER_INITIATED"]);
        default:
            throw new Error("unknown op " + command.op);
    }
}

async function run(command) {
    switch (command.op) {
        case "create":
            return create(command);
        case "match":
            return { matches: match(command.utterances) };
        case "newSession":
            alexa.context().endSession();
            return {};
        case "patch":
            patches = { set: command.set || {}, unset: command.unset || [] };
            return {};
        default: {
            sent = null;
            const response = await send(command);
            // SkillResponse copies the JSON's own fields onto itself; hand back only those.
            return { request: sent, response: JSON.parse(JSON.stringify(response)) };
        }
    }
}

async function main() {
    const lines = readline.createInterface({ input: process.stdin, terminal: false });
    for await (const line of lines) {
        if (!line.trim()) {
            continue;
        }
        let answer;
        try {
            answer = await run(JSON.parse(line));
        } catch (error) {
            answer = { error: String(error && error.stack ? error.stack : error) };
        }
        process.stdout.write(JSON.stringify(answer) + "\n");
    }
}

main();
