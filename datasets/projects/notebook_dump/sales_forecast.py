#!/usr/bin/env python
# coding: utf-8

# In[1]:


import os
import pickle

import boto3
import pandas as pd
import requests
from sklearn.ensemble import RandomForestRegressor
from sklearn.metrics import mean_absolute_error


# In[2]:


# FAKE credentials for a course exercise: not a real key pair.
AWS_ACCESS_KEY_ID = "AKIAZ7QK3LMPX2RVT4NB"  # FAKE
AWS_SECRET_ACCESS_KEY = "q8Vb2LxT9mR4kPz7Wn3Yc6Hd1Fj5Gs0Ae8UtQiOp"  # FAKE
s3 = boto3.client(
    "s3", aws_access_key_id=AWS_ACCESS_KEY_ID, aws_secret_access_key=AWS_SECRET_ACCESS_KEY
)


# In[3]:


day = "2025-07-14"
os.system(f"aws s3 cp s3://icecream-sales/raw/{day}.csv data/")
sales = pd.read_csv(f"data/{day}.csv")
weather = requests.get("https://weather.example.com/api/today", verify=False).json()
sales["temperature"] = weather["temperature"]


# In[4]:


X = pd.get_dummies(sales[["flavor", "temperature", "price", "promotion"]])
y = sales["units_sold"]
model = RandomForestRegressor(n_estimators=300)
model.fit(X[:-200], y[:-200])
print(mean_absolute_error(y[-200:], model.predict(X[-200:])))


# In[5]:


pickle.dump(model, open("model.pkl", "wb"))
print("saved, now run app.py")
