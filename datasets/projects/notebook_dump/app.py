import pickle

import pandas as pd
from flask import Flask, jsonify, request

app = Flask(__name__)
model = pickle.load(open("model.pkl", "rb"))
SLACK_WEBHOOK = "https://hooks.slack.com/services/T01FAKE00/B01FAKE00/q3Zt8Lm2Xc7Vb4Nn1Kd6Pw9R"  # FAKE


@app.route("/predict", methods=["POST"])
def predict():
    data = request.get_json()
    frame = pd.get_dummies(pd.DataFrame(data["rows"]))
    prediction = model.predict(frame)
    print("predicted", prediction)
    return jsonify({"prediction": prediction.tolist()})


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000, debug=True)
