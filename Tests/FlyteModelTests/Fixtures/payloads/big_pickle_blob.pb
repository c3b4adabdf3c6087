
64


PythonPickle s3://my-bucket/raw/ab/pickle.pkl